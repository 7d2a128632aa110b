using Mplp.Core.Errors;
using Npgsql;

namespace Mplp.Core.Documents;

/// <summary>
/// Values unique beyond an object's id, each kept so by a unique index of the migrations: a write
/// that would take one already taken is a 409 naming that value, not an id conflict or a 500.
/// </summary>
internal static class TakenValues
{
    public static ProblemException? ProblemOf(PostgresException e) => e.SqlState != PostgresErrorCodes.UniqueViolation ? null : e.ConstraintName switch
    {
        "roles_name_unique" => Problems.RoleNameTaken(),
        "trace_bindings_pkey" => Problems.TraceIdTaken(
            "The trace id is already bound to another object (the instance manifest, a context, a role or a trace); leave it out and the server makes one."),
        _ => null,
    };
}
