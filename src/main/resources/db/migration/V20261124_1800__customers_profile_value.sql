-- Customer profile editing (issue #5 item 1) and the facts behind "high-value customer" (SPEC F7):
-- a key-account flag and the expected annual value in CNY (exact decimal, never negative).

alter table customer add column key_account boolean not null default false;
alter table customer add column expected_annual_value numeric(19,2);
alter table customer add constraint customer_expected_value_ck check (expected_annual_value is null or expected_annual_value >= 0);
create index customer_high_value_idx on customer (team_id, key_account, expected_annual_value);
