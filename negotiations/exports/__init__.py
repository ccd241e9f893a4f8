"""Exports: the comparison as CSV, XLSX, JSON and Markdown (`comparison`), and every published
statement as one streamed CSV (`statements`); `views` serves them."""
