-- Lead flow rollup (SPEC S5): one row per reporting day, rep and grade, maintained incrementally in the same
-- transactions as assignments and actions; the monthly heatmap reads only this table.
-- DAY is a keyword in H2 2.x: write the column "day" in double quotes in every statement (PostgreSQL reads "day"
-- as day; H2 with DATABASE_TO_LOWER keeps it lower case).

create table lead_flow_daily (
    "day"              date        not null,  -- assignment day in the reporting zone (property closer.reporting-zone, default Asia/Shanghai)
    rep_id             bigint      not null references app_user (id),
    grade              varchar(1)  not null,
    team_id            bigint      not null references team (id),   -- the lead's team at assignment
    received           int         not null default 0,  -- leads assigned to the rep that day
    responded          int         not null default 0,  -- of those, how many got a first response (so far)
    response_seconds   bigint      not null default 0,  -- sum of their first-response times (wall seconds)
    responded_2h       int         not null default 0,  -- of those, first response within 2 h
    reallocated        int         not null default 0,  -- of those, how many left the rep later (reassigned, recycled, released)
    primary key ("day", rep_id, grade)
);
-- a month for everyone reads the primary key by day; a team's month and a rep's own month have their own ranges
create index lead_flow_daily_team_day_idx on lead_flow_daily (team_id, "day");
create index lead_flow_daily_rep_day_idx on lead_flow_daily (rep_id, "day");
