"""Documents and figures made from reports: PDFs (fpdf2) and images (matplotlib), shared by the
command line and the web pages. matplotlib and fpdf2 load only when one is made."""
