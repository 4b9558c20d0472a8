-- Rep profile editing (SPEC L4): up to 50 skills of up to 64 characters each, stored comma-separated,
-- need more room than the original 1000 characters (50 x 64 + 49 separators = 3249).
alter table rep_profile alter column skills set data type varchar(4000);
