from netcfg.cli import main

main()
