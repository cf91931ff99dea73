package io.nextbest.engine.model;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.nextbest.facts.ActionKind;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;

import static io.nextbest.engine.model.YamlNodes.parseEnum;
import static io.nextbest.engine.model.YamlNodes.scalar;
import static io.nextbest.engine.model.YamlNodes.value;

/**
 * The actions rules may propose, read from {@code actions.yaml}. The file is read as a
 * node tree rather than bound to classes so that every problem is reported with its line.
 */
public final class ActionCatalogue {

	/** The catalogue's file name in the rules directory. */
	public static final String FILE_NAME = "actions.yaml";

	/** The fields of an action; the last three are optional. */
	private static final List<String> FIELDS = List.of("id", "kind", "purpose", "channels", "content", "value",
			"one-time", "group");

	private final Map<String, ActionDefinition> actions;

	/** Every id in the file, valid entries or not, so one bad entry is reported once. */
	private final Set<String> declared;

	private ActionCatalogue(Map<String, ActionDefinition> actions, Set<String> declared) {
		this.actions = Collections.unmodifiableMap(actions);
		this.declared = Collections.unmodifiableSet(declared);
	}

	/**
	 * An action by id.
	 * @param id the id
	 * @return the action, or null when the catalogue has none by that id
	 */
	public ActionDefinition get(String id) {
		return this.actions.get(id);
	}

	/**
	 * @return every action, in file order
	 */
	public Collection<ActionDefinition> all() {
		return this.actions.values();
	}

	/**
	 * Reads a catalogue.
	 * @param yaml the file's content
	 * @param diagnostics where problems are added
	 * @return the valid actions (those with problems left out)
	 */
	public static ActionCatalogue parse(String yaml, List<RuleDiagnostic> diagnostics) {
		Node root;
		try {
			root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
		}
		catch (MarkedYAMLException ex) {
			diagnostics.add(new RuleDiagnostic(FILE_NAME, ex.getProblemMark().getLine() + 1,
					ex.getProblemMark().getColumn() + 1, ex.getProblem()));
			return new ActionCatalogue(Map.of(), Set.of());
		}
		Node list = (root instanceof MappingNode mapping) ? value(mapping, "actions") : null;
		if (!(list instanceof SequenceNode sequence)) {
			diagnostics.add(at(root, "expected a list of actions under 'actions:'"));
			return new ActionCatalogue(Map.of(), Set.of());
		}
		Map<String, ActionDefinition> actions = new LinkedHashMap<>();
		Set<String> declared = new LinkedHashSet<>();
		for (Node item : sequence.getValue()) {
			String id = (item instanceof MappingNode mapping) ? scalar(value(mapping, "id")) : null;
			if (id != null) {
				declared.add(id.strip());
			}
			ActionDefinition action = (item instanceof MappingNode mapping) ? action(mapping, diagnostics) : null;
			if (!(item instanceof MappingNode)) {
				diagnostics.add(at(item, "expected an action with id, kind, purpose, channels and content"));
			}
			else if (action != null && actions.putIfAbsent(action.id(), action) != null) {
				diagnostics.add(at(item, "action '" + action.id() + "' is defined twice"));
			}
		}
		return new ActionCatalogue(actions, declared);
	}

	private static ActionDefinition action(MappingNode node, List<RuleDiagnostic> diagnostics) {
		int before = diagnostics.size();
		String id = text(node, "id", diagnostics);
		String where = (id != null) ? "action '" + id + "': " : "";
		for (NodeTuple tuple : node.getValue()) {
			String key = scalar(tuple.getKeyNode());
			if (!FIELDS.contains(key)) {
				diagnostics.add(at(tuple.getKeyNode(),
						where + "unknown field '" + key + "' (expected " + String.join(", ", FIELDS) + ")"));
			}
		}
		ActionKind kind = choice(node, "kind", ActionKind.class, where, diagnostics);
		Purpose purpose = choice(node, "purpose", Purpose.class, where, diagnostics);
		String content = text(node, "content", diagnostics);
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		Node list = value(node, "channels");
		if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
			diagnostics.add(at((list != null) ? list : node,
					where + "'channels' must list at least one of " + names(Channel.class)));
		}
		else {
			for (Node item : sequence.getValue()) {
				Channel channel = parseEnum(Channel.class, scalar(item));
				if (channel == null) {
					diagnostics.add(at(item, where + "unknown channel '" + scalar(item) + "' (expected one of "
							+ names(Channel.class) + ")"));
				}
				else {
					channels.add(channel);
				}
			}
		}
		double value = 1.0;
		Node valueNode = value(node, "value");
		if (valueNode != null) {
			try {
				value = Double.parseDouble(String.valueOf(scalar(valueNode)).strip());
			}
			catch (NumberFormatException ex) {
				value = -1;
			}
			if (!(value > 0) || Double.isInfinite(value)) {
				diagnostics
					.add(at(valueNode, where + "'value' must be a number above 0, got '" + scalar(valueNode) + "'"));
			}
		}
		boolean oneTime = false;
		Node oneTimeNode = value(node, "one-time");
		if (oneTimeNode != null) {
			String flag = String.valueOf(scalar(oneTimeNode)).strip();
			if (!flag.equals("true") && !flag.equals("false")) {
				diagnostics.add(at(oneTimeNode, where + "'one-time' must be true or false, got '" + flag + "'"));
			}
			oneTime = flag.equals("true");
		}
		Node groupNode = value(node, "group");
		String group = (groupNode != null && scalar(groupNode) != null) ? scalar(groupNode).strip() : "";
		if (diagnostics.size() > before) {
			return null;
		}
		return new ActionDefinition(id, kind, purpose, Set.copyOf(channels), content, value, oneTime, group);
	}

	private static String text(MappingNode node, String field, List<RuleDiagnostic> diagnostics) {
		Node value = value(node, field);
		String text = (value != null) ? scalar(value) : null;
		if (text == null || text.isBlank()) {
			diagnostics.add(at((value != null) ? value : node, "missing '" + field + "'"));
			return null;
		}
		return text.strip();
	}

	private static <E extends Enum<E>> E choice(MappingNode node, String field, Class<E> type, String where,
			List<RuleDiagnostic> diagnostics) {
		Node value = value(node, field);
		E parsed = (value != null) ? parseEnum(type, scalar(value)) : null;
		if (parsed == null) {
			String got = (value != null) ? "'" + scalar(value) + "'" : "nothing";
			diagnostics.add(at((value != null) ? value : node,
					where + "'" + field + "' must be one of " + names(type) + ", got " + got));
		}
		return parsed;
	}

	private static String names(Class<? extends Enum<?>> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((e) -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

	private static RuleDiagnostic at(Node node, String message) {
		if (node == null) {
			return new RuleDiagnostic(FILE_NAME, 0, 0, message);
		}
		return new RuleDiagnostic(FILE_NAME, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1,
				message);
	}

	/** Whether the file names an action with this id, even one with problems. */
	public boolean isDeclared(String id) {
		return this.declared.contains(id);
	}

	/** The ids in the file, in file order, for messages. */
	public List<String> ids() {
		return new ArrayList<>(this.declared);
	}

}
