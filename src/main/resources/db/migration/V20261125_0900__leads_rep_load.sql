-- Allocation figures kept with the rep instead of counted per decision (W2, W3): the lock row of a rep
-- (rep_profile, locked by every change of the rep's load) also holds the rep's number of ASSIGNED leads and
-- the time they were last given a lead (allocation, claim or reassignment). Every path that moves a lead into or out of ASSIGNED adjusts the count
-- in the same transaction (RepLoads); a recount from the lead table is always possible and is what this
-- migration starts from.
alter table rep_profile add column active_leads int default 0 not null;
alter table rep_profile add column last_assigned_at timestamp with time zone;

insert into rep_profile (user_id, updated_at)
select distinct l.owner_id, current_timestamp from lead l
where l.owner_id is not null and not exists (select 1 from rep_profile p where p.user_id = l.owner_id);

insert into rep_profile (user_id, updated_at)
select distinct d.winner_id, current_timestamp from allocation_decision d
where d.winner_id is not null and not exists (select 1 from rep_profile p where p.user_id = d.winner_id);

update rep_profile set
    active_leads = (select count(*) from lead l where l.owner_id = rep_profile.user_id and l.status = 'ASSIGNED'),
    last_assigned_at = (select max(d.decided_at) from allocation_decision d where d.winner_id = rep_profile.user_id);

-- Fairness counts grade-A leads a rep received in a window: the lead's grade at decision time is kept on the
-- decision (grades do not change after intake), so the count reads one narrow index range per rep.
alter table allocation_decision add column lead_grade varchar(1);
update allocation_decision set lead_grade = (select l.grade from lead l where l.id = allocation_decision.lead_id);
create index allocation_decision_winner_grade_idx on allocation_decision (winner_id, lead_grade, decided_at);
