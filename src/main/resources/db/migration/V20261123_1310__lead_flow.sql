create table lead_flow_daily (
    flow_day           date        not null,
    rep_id             bigint      not null references app_user (id),
    grade              varchar(1)  not null,
    team_id            bigint      not null references team (id),
    received           int         not null default 0,
    responded          int         not null default 0,
    response_seconds   bigint      not null default 0,
    responded_2h       int         not null default 0,
    reallocated        int         not null default 0,
    primary key (flow_day, rep_id, grade)
);
