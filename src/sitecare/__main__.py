from sitecare.cli.quick import main

main()
