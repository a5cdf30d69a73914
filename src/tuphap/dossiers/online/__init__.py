"""Applying online (issue 18): the citizen's application form, "Hồ sơ của tôi" and the
citizens' API. The citizen's account is ``tuphap.citizens`` (an app beneath the domain
apps, as ``orgs`` is for staff); the dossier itself goes through the same services as
at the desk (``dossier_submit``, ``dossier_withdraw``)."""
