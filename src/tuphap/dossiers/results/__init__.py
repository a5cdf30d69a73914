"""The electronic result: a PDF the applicant downloads, signed by the agency
(``signing``), with a QR code whose link opens a public verification page
(``views.verify``) that checks a link signed with the site's secret."""
