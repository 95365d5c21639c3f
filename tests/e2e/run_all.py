#!/usr/bin/env python3
"""Run every tests/e2e/test_*.py with unittest (verbosity 2); exit non-zero on failure.

    python3 tests/e2e/run_all.py                       # starts build/junction per test class
    JUNCTION_BIN=/path/to/junction python3 tests/e2e/run_all.py
    JUNCTION_URL=http://127.0.0.1:4566 python3 tests/e2e/run_all.py   # use a running server
    python3 tests/e2e/run_all.py -k DeleteAccountAssignment   # extra args: name filters (-k)
"""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only run tests whose name contains this substring (repeatable)")
    parser.add_argument("-f", "--failfast", action="store_true", help="stop at the first failure")
    args = parser.parse_args()

    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [f"*{p}*" for p in args.patterns]
    suite = loader.discover(start_dir=HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2, failfast=args.failfast).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
