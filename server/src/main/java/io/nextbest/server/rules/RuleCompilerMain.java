package io.nextbest.server.rules;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.LoggerFactory;

import io.nextbest.engine.ruleset.CompiledPackages;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;

/**
 * The rule compiler process ({@link RuleCompilerProcess}): reads compile requests on its
 * standard input until it closes, and answers each on its standard output with the
 * diagnostics, the scenario results and the compiled packages. Logging goes to standard
 * error, warnings and errors only, so that the answers have standard output to
 * themselves.
 */
public final class RuleCompilerMain {

	private RuleCompilerMain() {
	}

	/**
	 * Serves compile requests until standard input closes.
	 * @param args none
	 * @throws IOException when talking to the server fails
	 */
	public static void main(String[] args) throws IOException {
		DataOutputStream out = ChildJvm.answers();
		DataInputStream in = ChildJvm.requests();
		for (RuleCompilerProtocol.Request request = RuleCompilerProtocol
			.readRequest(in); request != null; request = RuleCompilerProtocol.readRequest(in)) {
			RuleCompilerProtocol.write(out, compile(request));
		}
	}

	static RuleCompilerProtocol.Response compile(RuleCompilerProtocol.Request request) {
		try {
			Validation validation = RuleSetLoader.validate(request.files(), request.origin(),
					Clock.fixed(request.now(), ZoneOffset.UTC));
			byte[] packages = (validation.ruleSet() != null) ? CompiledPackages.write(validation.ruleSet().kieBase())
					: new byte[0];
			return new RuleCompilerProtocol.Response(request.id(), validation.hash(), validation.diagnostics(),
					validation.scenarios(), packages, "");
		}
		catch (RuntimeException | LinkageError | VirtualMachineError ex) {
			// A stack or heap exhausted by the files (deeply nested junk) is this
			// compile's failure: the process stays and answers the next one.
			LoggerFactory.getLogger(RuleCompilerMain.class).error("Compiling {} failed", request.origin(), ex);
			return new RuleCompilerProtocol.Response(request.id(), request.files().hash(), List.of(), List.of(),
					new byte[0], String.valueOf(ex));
		}
	}

}
