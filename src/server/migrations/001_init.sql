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

-- seq is the server's order, the pull cursor. Pushes of a site take an advisory lock before
-- their inserts, so seqs of a site commit in order and a pull never skips one committed late.
create table entries (
  seq bigserial primary key,
  id uuid not null unique,
  site text not null,
  device text not null references devices (id),
  body jsonb not null,
  content_hash text not null,
  received_at timestamptz not null default now()
);
create index entries_site_seq on entries (site, seq);

create table published_plans (
  site text primary key,
  version integer not null,
  factory jsonb not null,
  plan jsonb not null,
  schedule jsonb,
  published_at timestamptz not null default now(),
  published_by text not null references devices (id)
);
