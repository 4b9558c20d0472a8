package dev.closer.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Starts Debian's Chromium through Playwright (never a downloaded browser). Without Chromium a
 * browser test skips with a message on a laptop and fails when {@code CI=true}.
 */
public final class BrowserSupport {

	private BrowserSupport() {
	}

	public static Path chromium() {
		Path path = Path.of(System.getenv().getOrDefault("CLOSER_CHROMIUM", "/usr/bin/chromium"));
		if (!Files.isExecutable(path)) {
			String message = "Chromium not found at " + path + " (apt-get install chromium, or set CLOSER_CHROMIUM)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError("CI=true requires Chromium: " + message);
			}
			Assumptions.abort(message);
		}
		return path;
	}

	public static Playwright playwright() {
		return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
	}

	public static Browser launch(Playwright playwright) {
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(chromium())
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--disable-dev-shm-usage")));
	}
}
