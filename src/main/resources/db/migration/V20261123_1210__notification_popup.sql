-- Pop-ups (SPEC S1 "2 h without a reply → pop-up to owner"): an unread inbox entry flagged popup is
-- shown over whatever page the recipient has open until they open or dismiss it (which reads it).
alter table notification add column popup boolean not null default false;
