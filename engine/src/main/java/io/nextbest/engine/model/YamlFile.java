package io.nextbest.engine.model;

import java.io.StringReader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One marketer-edited YAML file (the catalogue, the contact policy, a scenario file), the
 * one way they are read. SnakeYAML composes the file into a node tree rather than binding
 * it to classes, because every node keeps its line and column: each problem is reported
 * where it is, and reading goes on so that every problem of the file is reported at once,
 * not only the first.
 */
public final class YamlFile {

	private final String file;

	private final List<RuleDiagnostic> diagnostics;

	private final Node root;

	private final boolean readable;

	private YamlFile(String file, List<RuleDiagnostic> diagnostics, Node root, boolean readable) {
		this.file = file;
		this.diagnostics = diagnostics;
		this.root = root;
		this.readable = readable;
	}

	/**
	 * Reads a file; when it is not YAML, the problem is added at its line and column.
	 * @param file the file's name, relative to the rules directory
	 * @param yaml its content
	 * @param diagnostics where this and every later problem of the file is added
	 * @return the file
	 */
	public static YamlFile read(String file, String yaml, List<RuleDiagnostic> diagnostics) {
		try {
			return new YamlFile(file, diagnostics, new Yaml(new LoaderOptions()).compose(new StringReader(yaml)), true);
		}
		catch (MarkedYAMLException ex) {
			diagnostics.add(new RuleDiagnostic(file, ex.getProblemMark().getLine() + 1,
					ex.getProblemMark().getColumn() + 1, ex.getProblem()));
			return new YamlFile(file, diagnostics, null, false);
		}
	}

	/**
	 * @return the file's name, relative to the rules directory
	 */
	public String name() {
		return this.file;
	}

	/**
	 * @return false when the file is not YAML (the problem is reported)
	 */
	public boolean readable() {
		return this.readable;
	}

	/**
	 * @return the document's top node, or null for an empty file
	 */
	public Node root() {
		return this.root;
	}

	/**
	 * @return how many problems have been reported so far, to tell whether a part of the
	 * file added any
	 */
	public int problems() {
		return this.diagnostics.size();
	}

	/**
	 * Reports a problem where a node starts.
	 * @param node the node at fault; null for the file as a whole (line 0)
	 * @param message the problem, in words a marketer understands
	 */
	public void problem(Node node, String message) {
		this.diagnostics.add(
				(node != null) ? new RuleDiagnostic(this.file, line(node), node.getStartMark().getColumn() + 1, message)
						: new RuleDiagnostic(this.file, 0, 0, message));
	}

	/**
	 * Reports each key of a mapping that is not one of the known fields, as
	 * {@code <prefix>unknown field 'k' (expected a, b, c)}.
	 * @param node the mapping
	 * @param known the known fields, in the order the message lists them
	 * @param prefix what the message starts with: where the mapping is
	 */
	public void unknownFields(MappingNode node, Collection<String> known, String prefix) {
		for (NodeTuple tuple : node.getValue()) {
			String key = text(tuple.getKeyNode());
			if (!known.contains(key)) {
				problem(tuple.getKeyNode(),
						prefix + "unknown field '" + key + "' (expected " + String.join(", ", known) + ")");
			}
		}
	}

	/**
	 * The value of a field that names an enum value, reported as
	 * {@code <prefix>'field' must be one of a, b, got 'x'} when absent or unknown.
	 * @param <E> the enum
	 * @param node the mapping
	 * @param key the field
	 * @param type the enum class
	 * @param prefix what the message starts with: where the mapping is
	 * @return the value, or null when reported
	 */
	public <E extends Enum<E>> E choice(MappingNode node, String key, Class<E> type, String prefix) {
		Node value = value(node, key);
		E parsed = parseEnum(type, text(value));
		if (parsed == null) {
			String got = (text(value) != null) ? "'" + text(value) + "'" : "nothing";
			problem((value != null) ? value : node,
					prefix + "'" + key + "' must be one of " + names(type) + ", got " + got);
		}
		return parsed;
	}

	/**
	 * @param node any node
	 * @return the line it starts at, from 1
	 */
	public static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	/**
	 * The value of a key of a mapping.
	 * @param node the mapping
	 * @param key the key
	 * @return the value node, or null when the key is absent
	 */
	public static Node value(MappingNode node, String key) {
		for (NodeTuple tuple : node.getValue()) {
			if (key.equals(text(tuple.getKeyNode()))) {
				return tuple.getValueNode();
			}
		}
		return null;
	}

	/**
	 * The text of a scalar.
	 * @param node any node, or null
	 * @return its text, or null when it is not a scalar
	 */
	public static String text(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	/**
	 * @param node any node
	 * @return whether it is a scalar with no text: a key written with nothing after it
	 */
	public static boolean isBlank(Node node) {
		return node instanceof ScalarNode scalar && scalar.getValue().isBlank();
	}

	/**
	 * An enum value as marketers write it: {@code contact-centre}, {@code contact_centre}
	 * or {@code CONTACT_CENTRE}.
	 * @param <E> the enum
	 * @param type the enum class
	 * @param text the text, may be null
	 * @return the value, or null when the text names none
	 */
	public static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
		if (text == null) {
			return null;
		}
		String name = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
		return Arrays.stream(type.getEnumConstants()).filter((e) -> e.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * An enum value as marketers write it.
	 * @param value the value
	 * @return for example {@code contact-centre}
	 */
	public static String display(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Every value of an enum as marketers write them, for messages.
	 * @param type the enum class
	 * @return for example {@code web, app, email}
	 */
	public static String names(Class<? extends Enum<?>> type) {
		return Arrays.stream(type.getEnumConstants()).map(YamlFile::display).collect(Collectors.joining(", "));
	}

}
