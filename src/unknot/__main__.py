from unknot.cli.app import main

main()
