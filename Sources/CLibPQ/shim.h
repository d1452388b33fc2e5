#ifndef CONCORD_CLIBPQ_SHIM_H
#define CONCORD_CLIBPQ_SHIM_H

// Debian installs libpq's header as /usr/include/postgresql/libpq-fe.h, and `pkg-config libpq`
// (named in Package.swift) adds -I/usr/include/postgresql, so the plain name is found.
#include <libpq-fe.h>

// libpq has no variadic call Swift needs, but the error field codes for PQresultErrorField are
// character-literal macros ('C', 'M', ...) in postgres_ext.h, which Swift does not import.
// Constants with the header's own values stand in for them.
static const int concord_pg_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int concord_pg_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;
static const int concord_pg_diag_message_detail = PG_DIAG_MESSAGE_DETAIL;
static const int concord_pg_diag_message_hint = PG_DIAG_MESSAGE_HINT;
static const int concord_pg_diag_context = PG_DIAG_CONTEXT;

#endif
