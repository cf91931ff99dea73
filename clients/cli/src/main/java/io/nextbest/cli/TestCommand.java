package io.nextbest.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.scenario.ScenarioResult;
import io.nextbest.engine.scenario.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest test}: runs the scenarios of a rules directory, without a server, and
 * shows what each channel was expected to get and got, and which rules fired.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
		description = { "Runs the scenarios under DIR/scenarios without a server, with the server's own engine.",
				"Exits with 1 when a scenario fails or the rules do not compile." })
final class TestCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	private RulesDirectory rules;

	@Option(names = { "-n", "--name" }, paramLabel = "TEXT",
			description = "Only the scenarios whose name contains TEXT (case-insensitive).")
	private String name;

	@Option(names = { "-v", "--verbose" },
			description = "Show what every scenario got and the rules that fired, " + "not only for failures.")
	private boolean verbose;

	@Override
	public Integer call() {
		Validation validation = this.rules.validate();
		PrintWriter out = this.spec.commandLine().getOut();
		if (!validation.diagnostics().isEmpty()) {
			for (RuleDiagnostic problem : validation.diagnostics()) {
				out.println(problem);
			}
			out.printf("%d problem%s in %s: no scenario could run%n", validation.diagnostics().size(),
					(validation.diagnostics().size() == 1) ? "" : "s", this.rules.directory);
			out.flush();
			return RulesDirectory.FAILED;
		}
		List<ScenarioResult> results = validation.scenarios()
			.stream()
			.filter((s) -> this.name == null
					|| s.name().toLowerCase(Locale.ROOT).contains(this.name.toLowerCase(Locale.ROOT)))
			.toList();
		int failed = 0;
		for (ScenarioResult result : results) {
			out.printf("%s  %s:%d  %s%n", result.passed() ? "PASS" : "FAIL", result.file(), result.line(),
					result.name());
			if (!result.passed()) {
				failed++;
				result.failures().forEach((failure) -> out.println("        " + failure));
			}
			if (!result.passed() || this.verbose) {
				out.println("        got:   " + String.join(", ", result.got()));
				out.println("        fired: "
						+ (result.firedRules().isEmpty() ? "(no rule)" : String.join(", ", result.firedRules())));
			}
		}
		if (results.isEmpty()) {
			out.printf("no scenarios%s under %s/scenarios%n",
					(this.name != null) ? " named like '" + this.name + "'" : "", this.rules.directory);
		}
		else {
			out.printf("%d scenario%s: %d passed, %d failed%n", results.size(), (results.size() == 1) ? "" : "s",
					results.size() - failed, failed);
		}
		out.flush();
		return (failed > 0) ? RulesDirectory.FAILED : 0;
	}

}
