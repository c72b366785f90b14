from sitecare.cli import main

main()
