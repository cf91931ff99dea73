package io.nextbest.rules;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule has a test named after it: rule "Open case suppresses marketing" is tested
 * by a method {@code openCaseSuppressesMarketing} in this package. The rules are those of
 * the compiled rule set, so a decision table's rows (one rule each) count as well as the
 * rules of the DRL files.
 */
class RuleCoverageTest {

	@Test
	void everyRuleHasATestNamedAfterIt() throws Exception {
		List<String> rules = ruleNames();
		assertThat(rules).as("rules found in the rule files, decision tables included")
			.contains("Open case suppresses marketing", "Loyal small business gets the bundle offer");
		Set<String> tests = testMethodNames();
		List<String> untested = rules.stream()
			.filter((rule) -> !tests.contains(methodName(rule)))
			.map((rule) -> "\"" + rule + "\" (expected a test method " + methodName(rule) + ")")
			.toList();
		assertThat(untested).as("rules without a test").isEmpty();
	}

	@Test
	void methodNamesFollowTheRuleNames() {
		assertThat(methodName("Open case suppresses marketing")).isEqualTo("openCaseSuppressesMarketing");
		assertThat(methodName("Single-product loyal customer gets a cross-sell offer"))
			.isEqualTo("singleProductLoyalCustomerGetsACrossSellOffer");
		assertThat(methodName("Advocate without a recent score gets the NPS survey"))
			.isEqualTo("advocateWithoutARecentScoreGetsTheNpsSurvey");
	}

	/**
	 * The names of the rules of every rule file of the rules directory, tables included.
	 */
	private static List<String> ruleNames() {
		return SampleRules.RULES.rules().values().stream().flatMap(List::stream).sorted().toList();
	}

	/** The test methods of every test class of this package. */
	private static Set<String> testMethodNames() throws IOException, URISyntaxException, ClassNotFoundException {
		Path classes = Path.of(RuleCoverageTest.class.getResource("RuleCoverageTest.class").toURI()).getParent();
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.list(classes)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				if (name.endsWith("Test.class")) {
					Class<?> type = Class
						.forName(RuleCoverageTest.class.getPackageName() + "." + name.substring(0, name.length() - 6));
					Arrays.stream(type.getDeclaredMethods())
						.filter((m) -> m.isAnnotationPresent(Test.class))
						.map(Method::getName)
						.forEach(names::add);
				}
			}
		}
		return names;
	}

	/** "Single-product loyal customer" becomes {@code singleProductLoyalCustomer}. */
	static String methodName(String rule) {
		StringBuilder name = new StringBuilder();
		for (String word : rule.split("[^A-Za-z0-9]+")) {
			if (word.isEmpty()) {
				continue;
			}
			String lower = word.toLowerCase(Locale.ROOT);
			name.append(name.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
		}
		return name.toString();
	}

}
