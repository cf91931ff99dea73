package io.nextbest.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.FunnelRequest;
import io.nextbest.api.v1.FunnelStage;
import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReloadRequest;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.ServiceCaseOpened;
import io.nextbest.client.BearerToken;
import io.nextbest.client.NextBestClient;
import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The marketers' console in a real headless Chromium (Debian's {@code chromium}, driven
 * through its {@code chromedriver}), against the whole server with callers configured and
 * the sample rules: what a marketer sees after signing in with their token, and that a
 * caller without a marketer role sees nothing. Skipped where either program is missing
 * ({@code CHROMIUM}, {@code CHROMEDRIVER} name other paths).
 */
class ConsoleIT {

	private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");

	/** Long enough for a busy machine; each wait ends as soon as its condition holds. */
	private static final Duration WAIT = Duration.ofSeconds(90);

	/** A marketer who may also look customers up; the tests' feed of events too. */
	private static final String MARKETER = "key-marketer-0123456789abcdef";

	/** A marketer who reads rules and counts, but may not look customers up. */
	private static final String READER = "key-reader-0123456789abcdef";

	/** A website's backend: no marketer role. */
	private static final String SITE = "key-site-0123456789abcdef";

	private static final AtomicInteger EVENTS = new AtomicInteger();

	@TempDir
	static Path folder;

	static InJvmServer server;

	static WebDriver browser;

	static String console;

	static ManagedChannel channel;

	static RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin;

	@BeforeAll
	static void start() throws IOException {
		Assumptions.assumeTrue(new File(CHROMIUM).canExecute(),
				"no Chromium at " + CHROMIUM + " (apt-get install chromium)");
		Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute(),
				"no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
		Path rules = copy(Path.of("../rules"), folder.resolve("rules"));
		Path branch = copy(rules, folder.resolve("rules-branch"));
		String service = Files.readString(branch.resolve("service.drl"));
		Files.writeString(branch.resolve("service.drl"),
				service.replaceAll("(?s)rule \"Open case suppresses marketing\".*?\nend\n", ""));
		Path callers = folder.resolve("callers.yaml");
		Files.writeString(callers, """
				callers:
				  - name: marketer
				    roles: [rules-editor, privacy, feed]
				    api-key-sha256: %s
				  - name: reader
				    roles: [rules-reader]
				    api-key-sha256: %s
				  - name: web-shop
				    roles: [site]
				    api-key-sha256: %s
				""".formatted(sha256(MARKETER), sha256(READER), sha256(SITE)));
		server = InJvmServer.start((target) -> NextBestClient.builder().target(target).token(MARKETER).build(),
				List.of(), "--nextbest.rules.directory=" + rules, "--nextbest.rules.watch=false",
				"--nextbest.rules.compiler=in-server", "--nextbest.security.callers-file=" + callers,
				"--nextbest.console.source-link=https://git.example.org/marketing/rules/blob/main/{file}#L{line}");
		channel = Grpc.newChannelBuilder(server.target(), InsecureChannelCredentials.create()).build();
		admin = RulesAdminServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(MARKETER));
		console = "http://127.0.0.1:" + ListeningSockets.httpPort(server.context) + "/console/";
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,1024",
				"--user-data-dir=" + Files.createDirectories(folder.resolve("chromium")));
		browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build(), options);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (channel != null) {
			channel.shutdownNow();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aMarketerSignsInAndSeesTheOverview() {
		String version = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();

		signIn(MARKETER);

		assertThat(waitForText("serving-version")).isEqualTo(version);
		WebElement rules = browser.findElement(By.id("rules"));
		assertThat(rules.getText()).contains("Open case suppresses marketing");
		// Each rule links to its file and line in the rules repository.
		assertThat(rules.findElement(By.linkText("service.drl:16")).getAttribute("href"))
			.isEqualTo("https://git.example.org/marketing/rules/blob/main/service.drl#L16");
	}

	@Test
	void aBrokenRuleSaveShowsItsFileAndLine() throws IOException {
		Path journey = Path.of(serverRules()).resolve("journey.drl");
		String good = Files.readString(journey);
		Files.writeString(journey, good + "\nrule \"Half written\"\nwhen\n    Journey(stage == )\nthen\nend\n");
		try {
			admin.reload(ReloadRequest.getDefaultInstance());
			signIn(MARKETER);

			WebElement problems = new WebDriverWait(browser, WAIT)
				.until(ExpectedConditions.visibilityOfElementLocated(By.id("reload-problems")));
			assertThat(waitForText("reload-outcome")).isEqualTo("rejected");
			// The file, line and column of the half-written pattern.
			int line = (int) good.lines().count() + 4;
			assertThat(problems.getText()).containsPattern("journey\\.drl:" + line + ":\\d+ ");
		}
		finally {
			Files.writeString(journey, good);
			admin.reload(ReloadRequest.getDefaultInstance());
		}
	}

	@Test
	void lookUpASeededCustomerAndSeeTheExplainFunnel() {
		record("lena", stage(JourneyStage.JOURNEY_STAGE_LOYALTY), emailConsent());
		signInAsMarketer(MARKETER);

		open("#/customer?id=lena", "customer-form");

		WebElement explain = new WebDriverWait(browser, WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("explain")));
		assertThat(browser.findElement(By.id("journeys")).getText()).contains("broadband").contains("loyalty");
		List<WebElement> funnels = explain.findElements(By.cssSelector("table.funnel"));
		assertThat(funnels).hasSize(2);
		assertThat(funnels.get(1).getText()).contains("cross-sell-offer")
			.contains("Single-product loyal customer gets a cross-sell offer")
			.contains("selected");
	}

	@Test
	void aPageFinishingLateDoesNotCoverThePageAskedForAfterIt() {
		record("mira", stage(JourneyStage.JOURNEY_STAGE_LOYALTY), emailConsent());
		// The overview's read of the rule set (the second GetRuleSet of a page load; the
		// first checks the token) is answered only when the test says so, and then at
		// once.
		String held = (String) ((ChromeDriver) browser)
			.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
					const answer = window.fetch.bind(window);
					let reads = 0;
					let release;
					const released = new Promise((resolve) => { release = resolve; });
					window.releaseHeldRead = () => release();
					window.fetch = async (address, options) => {
					  if (!String(address).endsWith(".RulesAdminService/GetRuleSet") || ++reads < 2) {
					    return answer(address, options);
					  }
					  const response = await answer(address, options);
					  const text = await response.text();
					  await released;
					  return { ok: response.ok, status: response.status, text: async () => text };
					};
					"""))
			.get("identifier");
		try {
			signInAsMarketer(MARKETER);
			open("#/customer?id=mira", "customer-form");
			new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("explain")));

			// The overview now finishes; everything after its answer runs before the next
			// script.
			((JavascriptExecutor) browser).executeScript("window.releaseHeldRead()");

			assertThat((String) ((JavascriptExecutor) browser)
				.executeScript("return document.getElementById('content').innerText")).doesNotContain("Overview")
				.contains("Customer");
			assertThat(browser.findElement(By.id("customer-form")).isDisplayed()).isTrue();
			assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("customer loaded");
		}
		finally {
			((ChromeDriver) browser).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", held));
		}
	}

	@Test
	void aLookUpAnsweredLateDoesNotCoverTheLookUpAskedForAfterIt() {
		record("nora", stage(JourneyStage.JOURNEY_STAGE_LOYALTY), emailConsent());
		signInAsMarketer(MARKETER);
		open("#/customer", "customer-form");
		// The next explained decision (a look-up's last call) is answered only when the
		// test says so, and then at once.
		((JavascriptExecutor) browser).executeScript("""
				const answer = window.fetch.bind(window);
				let release;
				const released = new Promise((resolve) => { release = resolve; });
				window.releaseHeldRead = () => release();
				let held = false;
				window.fetch = async (address, options) => {
				  if (held || !String(address).endsWith(".RulesAdminService/Simulate")) {
				    return answer(address, options);
				  }
				  held = true;
				  const response = await answer(address, options);
				  const text = await response.text();
				  await released;
				  return { ok: response.ok, status: response.status, text: async () => text };
				};
				""");
		WebElement id = browser.findElement(By.id("customer-id"));
		id.sendKeys("nora");
		browser.findElement(By.cssSelector("#customer-form button[type=submit]")).click();
		id.clear();
		id.sendKeys("nobody-stored");
		browser.findElement(By.cssSelector("#customer-form button[type=submit]")).click();
		assertThat(waitForText("customer-result")).contains("No customer nobody-stored is stored.");

		// The look-up of nora now finishes; everything after its answer runs before the
		// next script.
		((JavascriptExecutor) browser).executeScript("window.releaseHeldRead()");

		assertThat((String) ((JavascriptExecutor) browser)
			.executeScript("return document.getElementById('customer-result').innerText"))
			.contains("No customer nobody-stored is stored.");
	}

	@Test
	void runAWhatIfAndSeeTheExpectedChangedCount() {
		// Four loyal customers with an open case: without the suppression the candidate
		// offers them the cross-sell by email; three without a case get it either way.
		for (int i = 0; i < 4; i++) {
			record("case-" + i, stage(JourneyStage.JOURNEY_STAGE_LOYALTY), emailConsent(), openCase());
		}
		for (int i = 0; i < 3; i++) {
			record("calm-" + i, stage(JourneyStage.JOURNEY_STAGE_LOYALTY), emailConsent());
		}
		signInAsMarketer(MARKETER);
		open("#/whatif", "whatif-form");

		browser.findElement(By.cssSelector("input[name=candidate-kind][value=directory]")).click();
		browser.findElement(By.id("candidate")).sendKeys("../rules-branch");
		browser.findElement(By.cssSelector("#whatif-form button[type=submit]")).click();

		assertThat(waitForText("whatif-changed")).isEqualTo("4");
		assertThat(browser.findElement(By.id("whatif-newly-marketed")).getText()).isEqualTo("4");
		assertThat(browser.findElement(By.id("whatif-result")).getText()).contains("case-0")
			.contains("case-3")
			.doesNotContain("calm-0");
		// Each example with both arms' decision funnels: why it changed.
		WebElement example = browser.findElement(By.cssSelector("#whatif-examples details[data-customer='case-0']"));
		example.findElement(By.tagName("summary")).click();
		assertThat(example.getText()).contains("email, serving: suppressed open service case")
			.contains("email, candidate: action cross-sell-offer")
			.contains("Single-product loyal customer gets a cross-sell offer");
	}

	@Test
	void aFunnelChartShowsTheSeededNumbers() {
		for (String customer : List.of("onboarder-1", "onboarder-2", "onboarder-3")) {
			record(customer, stage(JourneyStage.JOURNEY_STAGE_ONBOARDING));
		}
		for (String customer : List.of("onboarder-1", "onboarder-2")) {
			record(customer, stage(JourneyStage.JOURNEY_STAGE_ADOPTION));
		}
		// The counts are the durable store's, shared by the cluster: wait until they are.
		AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics = AnalyticsServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(BearerToken.of(MARKETER));
		await().atMost(WAIT).until(() -> onboarding(analytics).getAdvanced() == 2);
		signInAsMarketer(MARKETER);

		open("#/journeys", "journey-form");

		WebElement chart = new WebDriverWait(browser, WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("funnel-chart")));
		WebElement row = chart.findElements(By.cssSelector("g.row"))
			.stream()
			.filter((g) -> g.findElement(By.cssSelector("text.label")).getText().equals("onboarding"))
			.findFirst()
			.orElseThrow();
		assertThat(row.findElements(By.cssSelector("text.value"))).extracting(WebElement::getText)
			.containsExactly("3", "2");
		// Day by day, with a line where the serving rule set was first in force.
		String version = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();
		WebElement timeline = browser.findElement(By.id("timeline-chart"));
		assertThat(timeline.findElements(By.cssSelector("g.marker text"))).extracting(WebElement::getText)
			.contains(version);
		assertThat(browser.findElement(By.id("rule-set-spans")).getText()).contains(version);
	}

	@Test
	void aCallerWithoutAMarketerRoleGetsNothing() {
		signIn(SITE);

		assertThat(waitForText("sign-in-problem")).contains("no marketer role");
		assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("content")).getText()).isEmpty();
		// Nor does the address of a page show anything without a marketer's token: loaded
		// afresh, the console asks for one (the sign-in is hidden until its script runs).
		browser.get(console + "#/customer?id=lena");
		browser.navigate().refresh();
		new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
		assertThat(browser.findElement(By.id("content")).getText()).isEmpty();
		assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
	}

	@Test
	void aMarketerWithoutThePrivacyRoleSeesNoCustomer() {
		record("quiet", stage(JourneyStage.JOURNEY_STAGE_LOYALTY));
		signInAsMarketer(READER);

		open("#/customer?id=quiet", "customer-form");

		WebElement result = new WebDriverWait(browser, WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#customer-result .problem")));
		assertThat(result.getText()).startsWith("permission_denied");
		assertThat(browser.findElement(By.id("customer-result")).getText()).doesNotContain("loyalty");
	}

	@Test
	void everyPageNamesItsFieldsDescribesItsChartsAndKeepsItsContrast() {
		record("ada", stage(JourneyStage.JOURNEY_STAGE_ONBOARDING), emailConsent());
		signInAsMarketer(MARKETER);
		waitForText("serving-version");
		assertThat(accessibilityProblems()).as("overview").isEmpty();
		for (String[] page : new String[][] { { "#/customer?id=ada", "explain" }, { "#/whatif", "whatif-form" },
				{ "#/journeys", "funnel-chart" }, { "#/voice", "voice-totals" } }) {
			open(page[0], page[1]);
			assertThat(accessibilityProblems()).as(page[0]).isEmpty();
		}
		// The pages are reached from the keyboard: the menu is links with addresses, none
		// taken out of the tab order.
		assertThat(browser.findElements(By.cssSelector("#nav a"))).hasSize(5).allSatisfy((link) -> {
			assertThat(link.getAttribute("href")).as(link.getText()).contains("#/");
			assertThat(link.getAttribute("tabindex")).as(link.getText()).isNull();
		});
	}

	/**
	 * What a screen reader or a reader with low vision would miss on the page: fields
	 * without a label, tables without a caption, charts without a description, buttons
	 * without a name, and text whose contrast with its background is under 4.5:1 (WCAG
	 * AA).
	 */
	@SuppressWarnings("unchecked")
	private static List<String> accessibilityProblems() {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(
				"""
						const problems = [];
						for (const field of document.querySelectorAll("input, select, textarea")) {
						  if (field.type !== "hidden" && (field.labels?.length ?? 0) === 0 && !field.getAttribute("aria-label")) {
						    problems.push("a field without a label: " + (field.id || field.name));
						  }
						}
						for (const table of document.querySelectorAll("table")) {
						  if (!table.querySelector("caption")?.textContent.trim()) {
						    problems.push("a table without a caption");
						  }
						}
						for (const svg of document.querySelectorAll("svg")) {
						  if (svg.getAttribute("role") !== "img" || !svg.getAttribute("aria-label")) {
						    problems.push("a chart without a description: " + svg.id);
						  }
						}
						for (const button of document.querySelectorAll("button")) {
						  if (!button.textContent.trim() && !button.getAttribute("aria-label")) {
						    problems.push("a button without a name");
						  }
						}
						const rgb = (color) => color.match(/[0-9.]+/g).map(Number);
						const luminance = ([r, g, b]) => {
						  const [R, G, B] = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
						  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
						};
						const background = (element) => {
						  for (let e = element; e; e = e.parentElement) {
						    const color = rgb(getComputedStyle(e).backgroundColor);
						    if (color.length < 4 || color[3] > 0) {
						      return color;
						    }
						  }
						  return [255, 255, 255];
						};
						for (const element of document.querySelectorAll("body *:not(svg):not(svg *)")) {
						  const text = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
						  if (!text || element.offsetParent === null) {
						    continue;
						  }
						  const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
						  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
						  if (ratio < 4.5) {
						    problems.push("contrast " + ratio.toFixed(2) + ":1 of " + element.tagName + " " + element.textContent.trim().slice(0, 40));
						  }
						}
						return problems;
						""");
	}

	/** Signs in as a marketer and waits for the console's pages. */
	private static void signInAsMarketer(String token) {
		signIn(token);
		new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
	}

	/** Goes to a page of the console and waits for an element of it. */
	private static WebElement open(String page, String id) {
		browser.get(console + page);
		return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
	}

	/** Opens the console afresh and signs in with a token. */
	private static void signIn(String token) {
		browser.get(console);
		((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
		browser.navigate().refresh();
		WebElement field = new WebDriverWait(browser, WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
		field.sendKeys(token);
		browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
	}

	/** Waits for an element to have text, and returns it. */
	private static String waitForText(String id) {
		return new WebDriverWait(browser, WAIT).until((driver) -> {
			List<WebElement> found = driver.findElements(By.id(id));
			String text = found.isEmpty() ? "" : found.get(0).getText();
			return text.isEmpty() ? null : text;
		});
	}

	private static FunnelStage onboarding(AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics) {
		Instant now = server.clock.instant();
		return analytics
			.funnel(FunnelRequest.newBuilder()
				.setJourney("broadband")
				.setFrom(timestamp(now.minus(Duration.ofDays(30))))
				.setUntil(timestamp(now))
				.build())
			.getGroups(0)
			.getStagesList()
			.stream()
			.filter((s) -> s.getStage() == JourneyStage.JOURNEY_STAGE_ONBOARDING)
			.findFirst()
			.orElseThrow();
	}

	private static String serverRules() {
		return server.context.getEnvironment().getProperty("nextbest.rules.directory");
	}

	private static void record(String customer, Event.Builder... events) {
		for (Event.Builder event : events) {
			server.client.record(event.setEventId("console-" + EVENTS.incrementAndGet())
				.setCustomerId(customer)
				.setOccurredAt(timestamp(server.clock.instant()))
				.build());
		}
	}

	private static Event.Builder stage(JourneyStage stage) {
		return Event.newBuilder()
			.setJourneyStageChanged(JourneyStageChanged.newBuilder().setJourney("broadband").setStage(stage));
	}

	private static Event.Builder emailConsent() {
		return Event.newBuilder()
			.setConsentChanged(ConsentChanged.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING)
				.setStatus(ConsentStatus.CONSENT_STATUS_GRANTED));
	}

	private static Event.Builder openCase() {
		return Event.newBuilder()
			.setServiceCaseOpened(ServiceCaseOpened.newBuilder()
				.setCaseId("K" + EVENTS.incrementAndGet())
				.setProduct("broadband")
				.setSeverity(CaseSeverity.CASE_SEVERITY_HIGH));
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
	}

	private static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path copy(Path from, Path to) {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.filter((f) -> !f.toString().contains("target") && !f.toString().contains("src"))
				.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
			return to;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
