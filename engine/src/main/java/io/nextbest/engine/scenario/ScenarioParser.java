package io.nextbest.engine.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.model.YamlFile;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static io.nextbest.engine.model.YamlFile.isBlank;
import static io.nextbest.engine.model.YamlFile.text;
import static io.nextbest.engine.model.YamlFile.value;

/**
 * Reads scenario files, each as a {@link YamlFile}, so that every problem is reported at
 * its line, in words a marketer understands. The format is described in the rules
 * directory's README.
 */
public final class ScenarioParser {

	/** The folder of the rules directory scenario files live in. */
	static final String FOLDER = RuleFiles.SCENARIO_FOLDER;

	private static final Set<String> SCENARIO_KEYS = Set.of("name", "customer", "request", "expect", "fired",
			"not-fired");

	private static final Set<String> CUSTOMER_KEYS = Set.of("journeys", "cases", "consents", "surveys", "profile",
			"history");

	private static final Set<String> REQUEST_KEYS = Set.of("channels", "page", "placement", "device", "locale",
			"attributes");

	private final YamlFile file;

	private final Instant now;

	private ScenarioParser(YamlFile file, Instant now) {
		this.file = file;
		this.now = now;
	}

	/**
	 * Reads one scenario file.
	 * @param file the file, relative to the rules directory
	 * @param yaml its content
	 * @param now when the scenarios run; they are decided at 12:00 UTC that day, so that
	 * a scenario's outcome does not depend on the hour it runs at (quiet hours)
	 * @param diagnostics where problems are added
	 * @return the valid scenarios (those with problems left out)
	 */
	public static List<Scenario> parse(String file, String yaml, Instant now, List<RuleDiagnostic> diagnostics) {
		Instant noon = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12));
		YamlFile yamlFile = YamlFile.read(file, yaml, diagnostics);
		if (!yamlFile.readable()) {
			return List.of();
		}
		return new ScenarioParser(yamlFile, noon).scenarios(yamlFile.root());
	}

	private List<Scenario> scenarios(Node root) {
		Node list = (root instanceof MappingNode mapping) ? value(mapping, "scenarios") : root;
		if (!(list instanceof SequenceNode sequence)) {
			error(root, "expected a list of scenarios under 'scenarios:'");
			return List.of();
		}
		List<Scenario> scenarios = new ArrayList<>();
		for (Node item : sequence.getValue()) {
			int before = this.file.problems();
			Scenario scenario = (item instanceof MappingNode mapping) ? scenario(mapping) : null;
			if (!(item instanceof MappingNode)) {
				error(item, "expected a scenario with a name, a customer, a request and what to expect");
			}
			else if (this.file.problems() == before) {
				scenarios.add(scenario);
			}
		}
		return scenarios;
	}

	private Scenario scenario(MappingNode node) {
		String name = text(value(node, "name"));
		if (name == null || name.isBlank()) {
			error(node, "a scenario needs a 'name'");
			name = "?";
		}
		String where = "scenario '" + name + "': ";
		keys(node, SCENARIO_KEYS, where);
		CustomerContext customer = customer(value(node, "customer"), where);
		Map<Channel, Scenario.Expected> expected = expected(value(node, "expect"), where);
		DecisionRequest request = request(value(node, "request"), expected, where);
		List<String> fired = names(value(node, "fired"), where + "'fired'");
		List<String> notFired = names(value(node, "not-fired"), where + "'not-fired'");
		if (expected.isEmpty() && fired.isEmpty() && notFired.isEmpty()) {
			error(node, where + "expects nothing: add 'expect' (per channel), 'fired' or 'not-fired'");
		}
		for (Channel channel : expected.keySet()) {
			if (!request.channels().contains(channel)) {
				error(value(node, "expect"),
						where + "expects something on " + name(channel) + ", which the request does not ask for");
			}
		}
		return new Scenario(this.file.name(), YamlFile.line(node), name, customer, request, this.now, expected, fired,
				notFired);
	}

	private CustomerContext customer(Node node, String where) {
		List<CustomerContext.JourneyPosition> journeys = new ArrayList<>();
		List<CustomerContext.ServiceCase> cases = new ArrayList<>();
		List<CustomerContext.ConsentRecord> consents = new ArrayList<>();
		List<CustomerContext.SurveyRecord> surveys = new ArrayList<>();
		List<CustomerContext.ProfileAttribute> profile = new ArrayList<>();
		List<CustomerContext.ContactRecord> history = new ArrayList<>();
		List<CustomerContext.StageChange> stageHistory = new ArrayList<>();
		if (node instanceof MappingNode customer) {
			keys(customer, CUSTOMER_KEYS, where + "customer: ");
			for (MappingNode j : items(customer, "journeys", where)) {
				CustomerContext.JourneyPosition position = new CustomerContext.JourneyPosition(
						required(j, "journey", where), choice(j, "stage", Stage.class, where),
						ago(j, "days-in-stage", where));
				journeys.add(position);
				if (value(j, "from") != null) {
					// Where the customer came from: the stage history's last change.
					stageHistory.add(new CustomerContext.StageChange(position.journey(),
							choice(j, "from", Stage.class, where), position.stage(), position.since(), 0));
				}
			}
			for (MappingNode k : items(customer, "cases", where)) {
				Node closed = value(k, "closed-days-ago");
				long openedAt = ago(k, "opened-days-ago", where);
				long closedAt = (closed != null) ? ago(k, "closed-days-ago", where) : 0;
				cases.add(new CustomerContext.ServiceCase(required(k, "id", where), optional(k, "product"),
						choice(k, "severity", Severity.class, where), openedAt, closedAt,
						Math.max(openedAt, closedAt)));
			}
			for (MappingNode c : items(customer, "consents", where)) {
				Purpose purpose = choice(c, "purpose", Purpose.class, where);
				ConsentStatus status = choice(c, "status", ConsentStatus.class, where);
				long at = ago(c, "days-ago", where);
				for (Channel channel : channels(c, where)) {
					consents.add(new CustomerContext.ConsentRecord(channel, purpose, status, at));
				}
			}
			for (MappingNode s : items(customer, "surveys", where)) {
				SurveyType type = choice(s, "type", SurveyType.class, where);
				int score = number(s, "score", where);
				if (type != null && (score < type.getMin() || score > type.getMax())) {
					error(value(s, "score"), where + "a " + name(type) + " score is from " + type.getMin() + " to "
							+ type.getMax() + ", got " + score);
				}
				surveys.add(new CustomerContext.SurveyRecord(type, score, ago(s, "days-ago", where)));
			}
			map(value(customer, "profile"), where + "'profile'")
				.forEach((k, v) -> profile.add(new CustomerContext.ProfileAttribute(k, v, this.now.toEpochMilli())));
			for (MappingNode h : items(customer, "history", where)) {
				history.add(new CustomerContext.ContactRecord("", required(h, "action", where),
						choice(h, "channel", Channel.class, where), choice(h, "outcome", Outcome.class, where),
						ago(h, "days-ago", where)));
			}
		}
		else if (node != null && !isBlank(node)) {
			error(node, where + "'customer' must hold journeys, cases, consents, surveys, profile, history");
		}
		boolean known = !(journeys.isEmpty() && cases.isEmpty() && consents.isEmpty() && surveys.isEmpty()
				&& profile.isEmpty() && history.isEmpty());
		return new CustomerContext("scenario", known ? this.now.toEpochMilli() : 0, journeys, cases, consents, surveys,
				profile, history, new long[0], 0, List.copyOf(stageHistory));
	}

	private DecisionRequest request(Node node, Map<Channel, Scenario.Expected> expected, String where) {
		if (node == null || isBlank(node)) {
			return new DecisionRequest("scenario", List.copyOf(expected.keySet()), "", "", "", "", Map.of());
		}
		if (!(node instanceof MappingNode request)) {
			error(node, where + "'request' must hold channels, page, placement, device, locale, attributes");
			return DecisionRequest.of("scenario");
		}
		keys(request, REQUEST_KEYS, where + "request: ");
		List<Channel> channels = (value(request, "channels") != null) ? channels(request, where)
				: List.copyOf(expected.keySet());
		return new DecisionRequest("scenario", channels, optional(request, "page"), optional(request, "placement"),
				optional(request, "device"), optional(request, "locale"),
				map(value(request, "attributes"), where + "'attributes'"));
	}

	private Map<Channel, Scenario.Expected> expected(Node node, String where) {
		Map<Channel, Scenario.Expected> expected = new EnumMap<>(Channel.class);
		if (node == null) {
			return expected;
		}
		if (!(node instanceof MappingNode mapping)) {
			error(node, where + "'expect' must map channels to an action id, 'suppressed <reason>' or 'nothing'");
			return expected;
		}
		for (NodeTuple tuple : mapping.getValue()) {
			Channel channel = YamlFile.parseEnum(Channel.class, text(tuple.getKeyNode()));
			String value = text(tuple.getValueNode());
			if (channel == null) {
				error(tuple.getKeyNode(), where + "unknown channel '" + text(tuple.getKeyNode()) + "' (expected one of "
						+ names(Channel.class) + ")");
				continue;
			}
			if (value == null || value.isBlank()) {
				error(tuple.getValueNode(),
						where + "expect for " + name(channel) + ": an action id, 'suppressed <reason>' or 'nothing'");
				continue;
			}
			String[] words = value.strip().split("\\s+");
			if (words[0].equalsIgnoreCase("nothing") || words[0].equalsIgnoreCase("none")) {
				expected.put(channel, Scenario.Expected.NOTHING);
			}
			else if (words[0].equalsIgnoreCase("suppressed") || words[0].equalsIgnoreCase("suppress")) {
				ReasonCode code = (words.length > 1) ? YamlFile.parseEnum(ReasonCode.class, words[1]) : null;
				if (words.length > 1 && code == null) {
					error(tuple.getValueNode(), where + "unknown reason '" + words[1] + "' (expected one of "
							+ names(ReasonCode.class) + ")");
				}
				expected.put(channel, new Scenario.Expected(null, true, code));
			}
			else if (words.length == 1) {
				expected.put(channel, new Scenario.Expected(words[0], false, null));
			}
			else {
				error(tuple.getValueNode(), where + "expect for " + name(channel) + ": '" + value
						+ "' is not an action id, 'suppressed <reason>' or 'nothing'");
			}
		}
		return expected;
	}

	private List<Channel> channels(MappingNode node, String where) {
		Node value = value(node, "channels");
		if (value == null) {
			value = value(node, "channel");
		}
		List<Channel> channels = new ArrayList<>();
		List<Node> items = (value instanceof SequenceNode sequence) ? sequence.getValue()
				: (value != null) ? List.of(value) : List.of();
		for (Node item : items) {
			Channel channel = YamlFile.parseEnum(Channel.class, text(item));
			if (channel == null) {
				error(item,
						where + "unknown channel '" + text(item) + "' (expected one of " + names(Channel.class) + ")");
			}
			else if (!channels.contains(channel)) {
				channels.add(channel);
			}
		}
		if (items.isEmpty()) {
			error(node, where + "'channels' must list at least one of " + names(Channel.class));
		}
		return channels;
	}

	private List<MappingNode> items(MappingNode node, String key, String where) {
		Node value = value(node, key);
		if (value == null || isBlank(value)) {
			return List.of();
		}
		if (!(value instanceof SequenceNode sequence)) {
			error(value, where + "'" + key + "' must be a list");
			return List.of();
		}
		List<MappingNode> items = new ArrayList<>();
		for (Node item : sequence.getValue()) {
			if (item instanceof MappingNode mapping) {
				items.add(mapping);
			}
			else {
				error(item, where + "each of '" + key + "' must be a mapping such as { name: value, ... }");
			}
		}
		return items;
	}

	private Map<String, String> map(Node node, String where) {
		Map<String, String> map = new LinkedHashMap<>();
		if (node == null || isBlank(node)) {
			return map;
		}
		if (!(node instanceof MappingNode mapping)) {
			error(node, where + " must map names to values");
			return map;
		}
		for (NodeTuple tuple : mapping.getValue()) {
			String value = text(tuple.getValueNode());
			map.put(text(tuple.getKeyNode()), (value != null) ? value : "");
		}
		return map;
	}

	private List<String> names(Node node, String where) {
		if (node == null || isBlank(node)) {
			return List.of();
		}
		List<Node> items = (node instanceof SequenceNode sequence) ? sequence.getValue() : List.of(node);
		List<String> names = new ArrayList<>();
		for (Node item : items) {
			String name = text(item);
			if (name == null || name.isBlank()) {
				error(item, where + " must list rule names");
			}
			else {
				names.add(name.strip());
			}
		}
		return names;
	}

	private String required(MappingNode node, String key, String where) {
		String value = text(value(node, key));
		if (value == null || value.isBlank()) {
			error(node, where + "missing '" + key + "'");
			return "?";
		}
		return value.strip();
	}

	private String optional(MappingNode node, String key) {
		String value = text(value(node, key));
		return (value != null) ? value.strip() : "";
	}

	private int number(MappingNode node, String key, String where) {
		String value = text(value(node, key));
		try {
			return Integer.parseInt((value != null) ? value.strip() : "");
		}
		catch (NumberFormatException ex) {
			error((value(node, key) != null) ? value(node, key) : node, where + "'" + key
					+ "' must be a whole number, got " + ((value != null) ? "'" + value + "'" : "nothing"));
			return 0;
		}
	}

	/** A time so many whole days before the scenario's decision (0 days when absent). */
	private long ago(MappingNode node, String key, String where) {
		int days = (value(node, key) != null) ? number(node, key, where) : 0;
		if (days < 0) {
			error(value(node, key), where + "'" + key + "' cannot be negative");
		}
		return this.now.minus(Duration.ofDays(days)).toEpochMilli();
	}

	private <E extends Enum<E>> E choice(MappingNode node, String key, Class<E> type, String where) {
		return this.file.choice(node, key, type, where);
	}

	private void keys(MappingNode node, Set<String> allowed, String where) {
		this.file.unknownFields(node, allowed.stream().sorted().toList(), where);
	}

	private void error(Node node, String message) {
		this.file.problem(node, message);
	}

	/** {@code CONTACT_CENTRE} as a marketer writes it: {@code contact-centre}. */
	static String name(Enum<?> value) {
		return YamlFile.display(value);
	}

	private static String names(Class<? extends Enum<?>> type) {
		return YamlFile.names(type);
	}

}
