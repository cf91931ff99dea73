package io.nextbest.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rules directory for tests: a catalogue and rules written on demand. The engine's, the
 * server's and the rules module's tests share it (the engine's test jar).
 */
public final class RuleDirectory {

	/** Two service actions, {@code welcome} and {@code offer}, on web and email. */
	public static final String CATALOGUE = """
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

	/**
	 * A directory with the {@link #CATALOGUE} and one rule, "Everyone is welcome",
	 * proposing {@code welcome} at priority 50.
	 * @param root the directory, usually a temporary one
	 */
	public RuleDirectory(Path root) {
		this(root, true);
	}

	private RuleDirectory(Path root, boolean welcome) {
		this.root = root;
		if (welcome) {
			write("actions.yaml", CATALOGUE);
			write("welcome.drl", rule("Everyone is welcome", "welcome", 50));
		}
	}

	/**
	 * A directory with only what the test writes.
	 * @param root the directory, usually a temporary one
	 * @return the directory
	 */
	public static RuleDirectory empty(Path root) {
		return new RuleDirectory(root, false);
	}

	/**
	 * @return the directory
	 */
	public Path root() {
		return this.root;
	}

	/**
	 * A rule proposing an action to every customer.
	 * @param name the rule's name, also its reason
	 * @param action the action's id
	 * @param priority its priority
	 * @return the DRL
	 */
	public static String rule(String name, String action, int priority) {
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

	/**
	 * Writes a file, creating its folders.
	 * @param name the file, relative to the directory
	 * @param content its content
	 * @return the file
	 */
	public Path write(String name, String content) {
		try {
			Path file = this.root.resolve(name);
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
