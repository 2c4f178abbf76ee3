@node "%~dp0likeness" %*
