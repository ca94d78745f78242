-- Devices, execution entries and published plans of a site server. PGlite and PostgreSQL run
-- the same file.
create table devices (
  id text primary key,
  site text not null,
  role text not null check (role in ('supervisor', 'planner')),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- seq is the server's order, the pull cursor. A push only inserts (pk, no seq): pushes run side
-- by side and commit together. The sequencer (entries.ts) then numbers what has committed, in
-- one transaction at a time under an advisory lock, so a seq is only ever given after every
-- smaller one is visible: a pull never skips an entry that committed late.
create table entries (
  pk bigint generated always as identity primary key,
  seq bigint unique,
  id uuid not null unique,
  site text not null,
  device text not null references devices (id),
  body jsonb not null,
  content_hash text not null,
  received_at timestamptz not null default now()
);
create index entries_site_seq on entries (site, seq);
create index entries_unsequenced on entries (pk) where seq is null;
create sequence entries_seq;

create table published_plans (
  site text primary key,
  version integer not null,
  factory jsonb not null,
  plan jsonb not null,
  schedule jsonb,
  published_at timestamptz not null default now(),
  published_by text not null references devices (id)
);
