package io.nextbest.engine.ruleset;

import java.nio.charset.StandardCharsets;

/** Rule files written in DRL. */
final class DrlFiles implements RuleFileHandler {

	@Override
	public boolean handles(String name) {
		return name.endsWith(".drl");
	}

	@Override
	public void add(String name, byte[] content, Compilation compilation) {
		compilation.addDrl(name, new String(content, StandardCharsets.UTF_8), null);
	}

}
