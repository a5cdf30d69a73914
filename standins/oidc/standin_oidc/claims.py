"""The claims the stand-in gives: the standard profile (name, birthdate) and a
``citizen`` scope with the ID number, the claim tuphap reads (OIDC_CLAIM_ID_NUMBER)."""

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    identity = getattr(user, "identity", None)
    if identity is None:
        return claims
    claims["name"] = identity.full_name
    claims["birthdate"] = identity.birthdate.isoformat()
    claims["email"] = identity.email
    claims["email_verified"] = bool(identity.email)
    claims["phone_number"] = identity.phone
    claims["phone_number_verified"] = bool(identity.phone)
    claims["address"]["formatted"] = identity.address
    return claims


class CitizenScopeClaims(ScopeClaims):
    info_citizen = ("Citizen", "The citizen ID number (CCCD).")

    def scope_citizen(self):
        identity = getattr(self.user, "identity", None)
        return {"id_number": identity.id_number if identity else None}


def subject(user):
    """The subject is the demo login name: stable across restarts and databases, so that
    tuphap's demo can link its citizens ``congdan``/``congdan2`` to these identities."""
    return user.username
