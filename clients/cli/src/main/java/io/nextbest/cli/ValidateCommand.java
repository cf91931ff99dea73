package io.nextbest.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.scenario.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest validate}: checks a rules directory the way the server does before a
 * rule set goes live, without a server.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
		description = {
				"Checks a rules directory without a server: syntax, compile errors, actions missing from the "
						+ "catalogue, decision tables and scenario files, then runs the scenarios.",
				"Exits with 1 when the server would reject the rules." })
final class ValidateCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	private RulesDirectory rules;

	@Override
	public Integer call() {
		Validation validation = this.rules.validate();
		PrintWriter out = this.spec.commandLine().getOut();
		List<RuleDiagnostic> problems = validation.problems();
		if (problems.isEmpty()) {
			int rules = validation.ruleSet().rules().values().stream().mapToInt(List::size).sum();
			out.printf("%s is valid (version %s): %d files, %d rules, %d actions, %d scenarios passed%n",
					this.rules.directory, validation.hash(), validation.ruleSet().files().size(), rules,
					validation.ruleSet().catalogue().all().size(), validation.scenarios().size());
			out.flush();
			return 0;
		}
		for (RuleDiagnostic problem : problems) {
			out.println(problem);
		}
		out.printf("%s is invalid: %d problem%s; the server would keep its current rules%n", this.rules.directory,
				problems.size(), (problems.size() == 1) ? "" : "s");
		out.flush();
		return RulesDirectory.FAILED;
	}

}
