package io.nextbest.engine.ruleset;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.model.YamlFile;
import io.nextbest.engine.policy.Arbitration;
import io.nextbest.engine.policy.ContactPolicy;
import io.nextbest.engine.policy.FrequencyCaps;
import io.nextbest.engine.policy.QuietHours;
import io.nextbest.engine.policy.Repetition;
import io.nextbest.facts.Channel;

/**
 * Reads {@code contact-policy.yaml}, the marketer's contact policy, when the rule set is
 * loaded. Like the catalogue, it is read as a {@link YamlFile}, so that every problem is
 * reported with its line; a missing section means no limit of that kind.
 */
public final class ContactPolicyLoader {

	/** The policy's file name in the rules directory. */
	public static final String FILE_NAME = "contact-policy.yaml";

	private final YamlFile file;

	private final ActionCatalogue catalogue;

	private ContactPolicyLoader(ActionCatalogue catalogue, YamlFile file) {
		this.catalogue = catalogue;
		this.file = file;
	}

	/**
	 * Reads a contact policy.
	 * @param yaml the file's content
	 * @param catalogue the rule set's catalogue, to check the actions the policy names
	 * @param diagnostics where problems are added
	 * @return the policy (meaningless when problems were added)
	 */
	public static ContactPolicy parse(String yaml, ActionCatalogue catalogue, List<RuleDiagnostic> diagnostics) {
		YamlFile file = YamlFile.read(FILE_NAME, yaml, diagnostics);
		if (file.root() == null) {
			return ContactPolicy.NONE;
		}
		return new ContactPolicyLoader(catalogue, file).policy(file.root());
	}

	private ContactPolicy policy(Node root) {
		MappingNode top = mapping(root, "the contact policy",
				List.of("frequency-caps", "repetition", "quiet-hours", "arbitration"));
		if (top == null) {
			return ContactPolicy.NONE;
		}
		return new ContactPolicy(caps(YamlFile.value(top, "frequency-caps")),
				repetition(YamlFile.value(top, "repetition")), quietHours(YamlFile.value(top, "quiet-hours")),
				arbitration(YamlFile.value(top, "arbitration")));
	}

	private FrequencyCaps caps(Node node) {
		List<String> keys = new ArrayList<>(List.of("all-channels"));
		Arrays.stream(Channel.values()).map(YamlFile::display).forEach(keys::add);
		MappingNode caps = mapping(node, "frequency-caps", keys);
		if (caps == null) {
			return FrequencyCaps.NONE;
		}
		Map<Channel, FrequencyCaps.Limit> channels = new EnumMap<>(Channel.class);
		FrequencyCaps.Limit all = FrequencyCaps.Limit.NONE;
		for (NodeTuple tuple : caps.getValue()) {
			String key = YamlFile.text(tuple.getKeyNode());
			MappingNode limit = mapping(tuple.getValueNode(), "frequency-caps." + key, List.of("per-day", "per-week"));
			if (limit == null) {
				continue;
			}
			FrequencyCaps.Limit parsed = new FrequencyCaps.Limit(count(limit, "per-day", "frequency-caps." + key),
					count(limit, "per-week", "frequency-caps." + key));
			if ("all-channels".equals(key)) {
				all = parsed;
			}
			else {
				Channel channel = channel(key);
				if (channel != null) {
					channels.put(channel, parsed);
				}
			}
		}
		return new FrequencyCaps(all, channels);
	}

	private Repetition repetition(Node node) {
		MappingNode repetition = mapping(node, "repetition", List.of("cool-down-days-after-reject",
				"cool-down-days-after-dismiss", "cool-down-days-after-accept", "max-impressions-without-response"));
		if (repetition == null) {
			return Repetition.NONE;
		}
		return new Repetition(count(repetition, "cool-down-days-after-reject", "repetition"),
				count(repetition, "cool-down-days-after-dismiss", "repetition"),
				count(repetition, "cool-down-days-after-accept", "repetition"),
				count(repetition, "max-impressions-without-response", "repetition"));
	}

	private QuietHours quietHours(Node node) {
		MappingNode quiet = mapping(node, "quiet-hours", List.of("channels", "from", "until", "default-time-zone"));
		if (quiet == null) {
			return QuietHours.NONE;
		}
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		Node list = YamlFile.value(quiet, "channels");
		if (list instanceof SequenceNode sequence) {
			for (Node item : sequence.getValue()) {
				Channel channel = channel(item);
				if (channel != null) {
					channels.add(channel);
				}
			}
		}
		else {
			problem((list != null) ? list : quiet,
					"quiet-hours: 'channels' must list channels, for example " + "[email, sms, push]");
		}
		LocalTime from = time(quiet, "from");
		LocalTime until = time(quiet, "until");
		ZoneId zone = ZoneOffset.UTC;
		Node zoneNode = YamlFile.value(quiet, "default-time-zone");
		if (zoneNode != null) {
			try {
				zone = ZoneId.of(String.valueOf(YamlFile.text(zoneNode)).strip());
			}
			catch (DateTimeException ex) {
				problem(zoneNode, "quiet-hours: 'default-time-zone' must be a time zone id such as Europe/London, got '"
						+ YamlFile.text(zoneNode) + "'");
			}
		}
		return new QuietHours(channels, (from != null) ? from : LocalTime.MIDNIGHT,
				(until != null) ? until : LocalTime.MIDNIGHT, zone);
	}

	private Arbitration arbitration(Node node) {
		MappingNode arbitration = mapping(node, "arbitration", List.of("propensity", "levers", "fallback"));
		if (arbitration == null) {
			return Arbitration.DEFAULT;
		}
		double prior = Arbitration.DEFAULT.prior();
		double weight = Arbitration.DEFAULT.priorWeight();
		long minPopulation = Arbitration.DEFAULT.minPopulationExposures();
		MappingNode propensity = mapping(YamlFile.value(arbitration, "propensity"), "arbitration.propensity",
				List.of("prior", "weight", "min-population-impressions"));
		if (propensity != null) {
			prior = number(propensity, "prior", prior, 0, 1, "arbitration.propensity");
			weight = number(propensity, "weight", weight, Double.MIN_VALUE, 1e6, "arbitration.propensity");
			minPopulation = Math.round(
					number(propensity, "min-population-impressions", minPopulation, 1, 1e12, "arbitration.propensity"));
		}
		Map<String, Double> levers = new HashMap<>();
		MappingNode leverNode = mapping(YamlFile.value(arbitration, "levers"), "arbitration.levers", null);
		if (leverNode != null) {
			Set<String> groups = new HashSet<>();
			this.catalogue.all().forEach((a) -> groups.add(a.group()));
			for (NodeTuple tuple : leverNode.getValue()) {
				String key = YamlFile.text(tuple.getKeyNode());
				if (this.catalogue.get(key) == null && !groups.contains(key)) {
					problem(tuple.getKeyNode(), "arbitration.levers: '" + key
							+ "' is neither an action of actions.yaml nor a group of one");
				}
				levers.put(key, number(leverNode, key, 1, 0, 1e6, "arbitration.levers"));
			}
		}
		Map<Channel, String> channelFallbacks = new EnumMap<>(Channel.class);
		Map<String, String> placementFallbacks = new HashMap<>();
		List<String> keys = new ArrayList<>(List.of("placements"));
		Arrays.stream(Channel.values()).map(YamlFile::display).forEach(keys::add);
		MappingNode fallback = mapping(YamlFile.value(arbitration, "fallback"), "arbitration.fallback", keys);
		if (fallback != null) {
			for (NodeTuple tuple : fallback.getValue()) {
				String key = YamlFile.text(tuple.getKeyNode());
				if ("placements".equals(key)) {
					MappingNode placements = mapping(tuple.getValueNode(), "arbitration.fallback.placements", null);
					for (NodeTuple placement : (placements != null) ? placements.getValue() : List.<NodeTuple>of()) {
						ActionDefinition action = action(placement.getValueNode(), null);
						if (action != null) {
							placementFallbacks.put(YamlFile.text(placement.getKeyNode()), action.id());
						}
					}
				}
				else {
					Channel channel = channel(key);
					ActionDefinition action = (channel != null) ? action(tuple.getValueNode(), channel) : null;
					if (action != null) {
						channelFallbacks.put(channel, action.id());
					}
				}
			}
		}
		return new Arbitration(prior, weight, minPopulation, levers, channelFallbacks, placementFallbacks);
	}

	private ActionDefinition action(Node node, Channel channel) {
		String id = YamlFile.text(node);
		ActionDefinition action = (id != null) ? this.catalogue.get(id.strip()) : null;
		if (action == null) {
			problem(node,
					"arbitration.fallback: unknown action '" + id + "': it is not in " + ActionCatalogue.FILE_NAME);
			return null;
		}
		if (channel != null && !action.allows(channel)) {
			problem(node, "arbitration.fallback: action '" + id + "' may not appear on " + YamlFile.display(channel)
					+ " (its channels in " + ActionCatalogue.FILE_NAME + " are "
					+ action.channels().stream().map(YamlFile::display).sorted().collect(Collectors.joining(", "))
					+ ")");
			return null;
		}
		return action;
	}

	/**
	 * A mapping with known keys (any keys when {@code keys} is null), or null when
	 * absent.
	 */
	private MappingNode mapping(Node node, String where, List<String> keys) {
		if (node == null) {
			return null;
		}
		if (!(node instanceof MappingNode mapping)) {
			problem(node, where + ": expected a mapping of names to values");
			return null;
		}
		if (keys != null) {
			this.file.unknownFields(mapping, keys, where + ": ");
		}
		return mapping;
	}

	private int count(MappingNode node, String field, String where) {
		Node value = YamlFile.value(node, field);
		if (value == null) {
			return 0;
		}
		try {
			int count = Integer.parseInt(String.valueOf(YamlFile.text(value)).strip());
			if (count >= 0) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problem(value,
				where + ": '" + field + "' must be a whole number, 0 or more, got '" + YamlFile.text(value) + "'");
		return 0;
	}

	private double number(MappingNode node, String field, double otherwise, double min, double max, String where) {
		Node value = YamlFile.value(node, field);
		if (value == null) {
			return otherwise;
		}
		try {
			double number = Double.parseDouble(String.valueOf(YamlFile.text(value)).strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		String from = (min > 0 && min < 1e-9) ? "above 0" : "from " + plain(min);
		problem(value, where + ": '" + field + "' must be a number " + from + " to " + plain(max) + ", got '"
				+ YamlFile.text(value) + "'");
		return otherwise;
	}

	private static String plain(double number) {
		return (number == Math.rint(number)) ? String.valueOf((long) number) : String.valueOf(number);
	}

	private LocalTime time(MappingNode node, String field) {
		Node value = YamlFile.value(node, field);
		String text = (value != null) ? YamlFile.text(value) : null;
		try {
			return LocalTime.parse(String.valueOf(text).strip());
		}
		catch (DateTimeException ex) {
			problem((value != null) ? value : node,
					"quiet-hours: '" + field + "' must be a time of day such as \"21:00\", got '" + text + "'");
			return null;
		}
	}

	private Channel channel(Node node) {
		Channel channel = YamlFile.parseEnum(Channel.class, YamlFile.text(node));
		if (channel == null) {
			problem(node, "unknown channel '" + YamlFile.text(node) + "' (expected one of "
					+ YamlFile.names(Channel.class) + ")");
		}
		return channel;
	}

	private Channel channel(String key) {
		return YamlFile.parseEnum(Channel.class, key);
	}

	private void problem(Node node, String message) {
		this.file.problem(node, message);
	}

}
