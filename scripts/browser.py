"""Find Chromium and its driver for the admin's browser tests, as shell exports for test.sh.

First on PATH (Debian's chromium and chromium-driver), then the way Selenium finds one
itself (Selenium Manager). With neither, one line says what to install, and exit status 1.
"""

import shlex
import shutil
import sys

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
INSTALL_HINT = (
    "No browser for the admin's browser tests: install Chromium and its driver "
    "(Debian/Ubuntu: sudo apt-get install chromium chromium-driver) and run again."
)


def on_path() -> tuple[str, str] | None:
    browser = next(filter(None, map(shutil.which, BROWSERS)), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def from_selenium_manager() -> tuple[str, str] | None:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    try:
        found = SeleniumManager().binary_paths(["--browser", "chrome"])
    except (WebDriverException, OSError):
        return None
    return (found["browser_path"], found["driver_path"]) if found.get("driver_path") else None


def main() -> int:
    found = on_path() or from_selenium_manager()
    if found is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    browser, driver = found
    print(f"export CHROMIUM_BINARY={shlex.quote(browser)} CHROMEDRIVER={shlex.quote(driver)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
