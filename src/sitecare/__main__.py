from sitecare.cli_quick import main

main()
