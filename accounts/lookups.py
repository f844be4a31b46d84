"""`field__ci=value`: equal after the database's own LOWER(), on both sides.

Handles and e-mail addresses are unique by `Lower(...)` (accounts.User.Meta.constraints), so
"the same name" has to mean what that index means, in every lookup. Django's `iexact` uses
UPPER() on PostgreSQL, which folds other letters than LOWER() does: a dotless "ı" or a long
"ſ" matched "i" and "s" there, so `sıssi_kate` logged into `sissi_kate` while the lockout
(keyed on Python's str.lower()) counted it as a different name. Comparing the database's
LOWER() of both sides agrees with the unique index (and can use it); Python never folds.
"""

from django.db.models import CharField, Lookup


@CharField.register_lookup
class SameName(Lookup):
    lookup_name = "ci"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"LOWER({lhs}) = LOWER({rhs})", [*lhs_params, *rhs_params]
