from talenttui.cli import main

raise SystemExit(main())
