"""PDF reports for Learn: the engagement evidence pack and the annual principles report."""
