from eenloket.cli import main

main()
