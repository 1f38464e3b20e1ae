import logging
import sys

from .build import main

# The command line's one-line messages (a refused lock, a failed swap) on
# stderr, as they are: no level or logger name before them.
logging.basicConfig(format="%(message)s", level=logging.INFO, stream=sys.stderr)
sys.exit(main(sys.argv[1:]))
