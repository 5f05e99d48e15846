from thidua.manage import main

main()
