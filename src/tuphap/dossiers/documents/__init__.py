"""Official documents of the one-stop desk (forms 01–07): data, HTML, PDF, DOCX."""
