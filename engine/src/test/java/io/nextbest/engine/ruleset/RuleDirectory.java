package io.nextbest.engine.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rules directory for tests: a catalogue and rules written on demand. */
final class RuleDirectory {

	static final String CATALOGUE = """
			actions:
			  - id: welcome
			    kind: message
			    purpose: service
			    channels: [web, email]
			    content: welcome
			  - id: offer
			    kind: offer
			    purpose: service
			    channels: [web, email]
			    content: offer
			""";

	private final Path root;

	RuleDirectory(Path root) {
		this.root = root;
		write("actions.yaml", CATALOGUE);
		write("welcome.drl", rule("Everyone is welcome", "welcome", 50));
	}

	Path root() {
		return this.root;
	}

	/** A rule proposing an action to every customer. */
	static String rule(String name, String action, int priority) {
		return """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "%s"
				when
				    Customer()
				then
				    insert(Propose.action("%s").priority(%d).because("%s"));
				end
				""".formatted(name, action, priority, name);
	}

	void write(String name, String content) {
		try {
			Path file = this.root.resolve(name);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
