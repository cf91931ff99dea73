package io.nextbest.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.nextbest.facts.ActionKind;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;

import static io.nextbest.engine.model.YamlFile.names;
import static io.nextbest.engine.model.YamlFile.parseEnum;
import static io.nextbest.engine.model.YamlFile.text;
import static io.nextbest.engine.model.YamlFile.value;

/**
 * The actions rules may propose, read from {@code actions.yaml} as a {@link YamlFile}, so
 * that every problem is reported with its line.
 */
public final class ActionCatalogue {

	/** The catalogue's file name in the rules directory. */
	public static final String FILE_NAME = "actions.yaml";

	/** The fields of an action; the last five are optional. */
	private static final List<String> FIELDS = List.of("id", "kind", "purpose", "channels", "content", "value",
			"one-time", "group", "capacity", "recovery");

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
		YamlFile file = YamlFile.read(FILE_NAME, yaml, diagnostics);
		if (!file.readable()) {
			return new ActionCatalogue(Map.of(), Set.of());
		}
		Node list = (file.root() instanceof MappingNode mapping) ? value(mapping, "actions") : null;
		if (!(list instanceof SequenceNode sequence)) {
			file.problem(file.root(), "expected a list of actions under 'actions:'");
			return new ActionCatalogue(Map.of(), Set.of());
		}
		Map<String, ActionDefinition> actions = new LinkedHashMap<>();
		Set<String> declared = new LinkedHashSet<>();
		for (Node item : sequence.getValue()) {
			String id = (item instanceof MappingNode mapping) ? text(value(mapping, "id")) : null;
			if (id != null) {
				declared.add(id.strip());
			}
			ActionDefinition action = (item instanceof MappingNode mapping) ? action(mapping, file) : null;
			if (!(item instanceof MappingNode)) {
				file.problem(item, "expected an action with id, kind, purpose, channels and content");
			}
			else if (action != null && actions.putIfAbsent(action.id(), action) != null) {
				file.problem(item, "action '" + action.id() + "' is defined twice");
			}
		}
		return new ActionCatalogue(actions, declared);
	}

	private static ActionDefinition action(MappingNode node, YamlFile file) {
		int before = file.problems();
		String id = required(node, "id", file);
		String where = (id != null) ? "action '" + id + "': " : "";
		file.unknownFields(node, FIELDS, where);
		ActionKind kind = file.choice(node, "kind", ActionKind.class, where);
		Purpose purpose = file.choice(node, "purpose", Purpose.class, where);
		String content = required(node, "content", file);
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		Node list = value(node, "channels");
		if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
			file.problem((list != null) ? list : node,
					where + "'channels' must list at least one of " + names(Channel.class));
		}
		else {
			for (Node item : sequence.getValue()) {
				Channel channel = parseEnum(Channel.class, text(item));
				if (channel == null) {
					file.problem(item, where + "unknown channel '" + text(item) + "' (expected one of "
							+ names(Channel.class) + ")");
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
				value = Double.parseDouble(String.valueOf(text(valueNode)).strip());
			}
			catch (NumberFormatException ex) {
				value = -1;
			}
			if (!(value > 0) || Double.isInfinite(value)) {
				file.problem(valueNode, where + "'value' must be a number above 0, got '" + text(valueNode) + "'");
			}
		}
		boolean oneTime = flag(node, "one-time", file, where);
		boolean recovery = flag(node, "recovery", file, where);
		Node groupNode = value(node, "group");
		String group = (text(groupNode) != null) ? text(groupNode).strip() : "";
		long capacity = 0;
		Node capacityNode = value(node, "capacity");
		if (capacityNode != null) {
			String count = String.valueOf(text(capacityNode)).strip().replace("_", "");
			try {
				capacity = Long.parseLong(count);
			}
			catch (NumberFormatException ex) {
				capacity = -1;
			}
			if (capacity <= 0) {
				file.problem(capacityNode, where + "'capacity' must be a whole number of customers a day above 0, got '"
						+ text(capacityNode) + "'");
			}
		}
		if (file.problems() > before) {
			return null;
		}
		return new ActionDefinition(id, kind, purpose, Set.copyOf(channels), content, value, oneTime, group, capacity,
				recovery);
	}

	/** An optional true or false, false when absent. */
	private static boolean flag(MappingNode node, String field, YamlFile file, String where) {
		Node flagNode = value(node, field);
		if (flagNode == null) {
			return false;
		}
		String flag = String.valueOf(text(flagNode)).strip();
		if (!flag.equals("true") && !flag.equals("false")) {
			file.problem(flagNode, where + "'" + field + "' must be true or false, got '" + flag + "'");
		}
		return flag.equals("true");
	}

	private static String required(MappingNode node, String field, YamlFile file) {
		Node value = value(node, field);
		String text = text(value);
		if (text == null || text.isBlank()) {
			file.problem((value != null) ? value : node, "missing '" + field + "'");
			return null;
		}
		return text.strip();
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
