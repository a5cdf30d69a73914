"""An OpenID Connect provider for the demo and the tests (django-oidc-provider), in its own process.

It stands in for the national identity's single sign-on: demo citizens sign in
with a password and the provider vouches for their name, date of birth and
citizen ID number (CCCD). Never part of tuphap: tuphap only speaks OpenID
Connect to it, exactly as it would to the real provider.
"""
