package io.nextbest.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.nextbest.facts.Stage;

import static io.nextbest.engine.model.YamlFile.text;
import static io.nextbest.engine.model.YamlFile.value;

/**
 * The expected journeys, read from {@code journeys.yaml} as a {@link YamlFile}: per
 * journey, how long each stage should take, when a customer is late, the conversion
 * target to the next stage, and the segments its figures are compared by. Only the
 * journeys listed here are counted; a rules directory without the file counts none.
 */
public final class JourneyMap {

	/** The file's name in the rules directory. */
	public static final String FILE_NAME = "journeys.yaml";

	/** The most segment dimensions of a journey: each multiplies the stored counts. */
	public static final int MAX_DIMENSIONS = 3;

	/**
	 * The most values listed for a dimension; any other value counts as {@code other}.
	 */
	public static final int MAX_VALUES = 20;

	/** No expected journeys. */
	public static final JourneyMap NONE = new JourneyMap(Map.of());

	private static final List<String> JOURNEY_FIELDS = List.of("stages", "segments");

	private static final List<String> STAGE_FIELDS = List.of("expected-days", "late-after-days", "conversion-target");

	/** Longer than any journey stage is planned to take: ten years. */
	private static final int MAX_DAYS = 3650;

	private final Map<String, JourneyDefinition> journeys;

	private JourneyMap(Map<String, JourneyDefinition> journeys) {
		this.journeys = Collections.unmodifiableMap(journeys);
	}

	/**
	 * A journey's expectations.
	 * @param name the journey
	 * @return its definition, or null when the file does not list it
	 */
	public JourneyDefinition get(String name) {
		return this.journeys.get(name);
	}

	/**
	 * @return every journey, in file order
	 */
	public Collection<JourneyDefinition> all() {
		return this.journeys.values();
	}

	/**
	 * Reads the expected journeys.
	 * @param yaml the file's content
	 * @param diagnostics where problems are added
	 * @return the journeys (meaningless when problems were added)
	 */
	public static JourneyMap parse(String yaml, List<RuleDiagnostic> diagnostics) {
		YamlFile file = YamlFile.read(FILE_NAME, yaml, diagnostics);
		if (file.root() == null) {
			return NONE;
		}
		Node list = (file.root() instanceof MappingNode mapping) ? value(mapping, "journeys") : null;
		if (!(list instanceof MappingNode journeysNode)) {
			file.problem(file.root(), "expected the journeys by name under 'journeys:'");
			return NONE;
		}
		if (file.root() instanceof MappingNode top) {
			file.unknownFields(top, List.of("journeys"), "");
		}
		Map<String, JourneyDefinition> journeys = new LinkedHashMap<>();
		for (NodeTuple tuple : journeysNode.getValue()) {
			String name = text(tuple.getKeyNode());
			if (name == null || name.isBlank()) {
				file.problem(tuple.getKeyNode(), "a journey needs a name");
				continue;
			}
			JourneyDefinition journey = journey(name.strip(), tuple.getValueNode(), file);
			if (journey != null && journeys.putIfAbsent(journey.name(), journey) != null) {
				file.problem(tuple.getKeyNode(), "journey '" + journey.name() + "' is defined twice");
			}
		}
		return new JourneyMap(journeys);
	}

	private static JourneyDefinition journey(String name, Node node, YamlFile file) {
		String where = "journey '" + name + "': ";
		if (!(node instanceof MappingNode mapping)) {
			file.problem(node, where + "expected 'stages' and optionally 'segments'");
			return null;
		}
		file.unknownFields(mapping, JOURNEY_FIELDS, where);
		Map<Stage, StageExpectation> stages = new EnumMap<>(Stage.class);
		Node stagesNode = value(mapping, "stages");
		if (!(stagesNode instanceof MappingNode stageMapping) || stageMapping.getValue().isEmpty()) {
			file.problem((stagesNode != null) ? stagesNode : mapping,
					where + "'stages' must map stages to their expected days, for example "
							+ "onboarding: { expected-days: 21, late-after-days: 30 }");
		}
		else {
			for (NodeTuple tuple : stageMapping.getValue()) {
				String stageName = text(tuple.getKeyNode());
				Stage stage = YamlFile.parseEnum(Stage.class, stageName);
				if (stage == null) {
					file.problem(tuple.getKeyNode(), where + "unknown stage '" + stageName + "' (expected one of "
							+ YamlFile.names(Stage.class) + ")");
					continue;
				}
				StageExpectation expectation = stage(stage, tuple.getValueNode(), file,
						where + "stage " + YamlFile.display(stage) + ": ");
				if (expectation != null && stages.putIfAbsent(stage, expectation) != null) {
					file.problem(tuple.getKeyNode(), where + "stage " + YamlFile.display(stage) + " is listed twice");
				}
			}
		}
		List<SegmentDimension> segments = segments(value(mapping, "segments"), file, where);
		return new JourneyDefinition(name, stages, segments);
	}

	private static StageExpectation stage(Stage stage, Node node, YamlFile file, String where) {
		if (!(node instanceof MappingNode mapping)) {
			file.problem(node, where + "expected expected-days, late-after-days and optionally conversion-target");
			return null;
		}
		file.unknownFields(mapping, STAGE_FIELDS, where);
		int expected = days(mapping, "expected-days", file, where);
		int late = days(mapping, "late-after-days", file, where);
		if (expected > 0 && late > 0 && late < expected) {
			file.problem(value(mapping, "late-after-days"),
					where + "'late-after-days' (" + late + ") must be at least 'expected-days' (" + expected + ")");
		}
		Double target = null;
		Node targetNode = value(mapping, "conversion-target");
		if (targetNode != null) {
			try {
				double parsed = Double.parseDouble(String.valueOf(text(targetNode)).strip());
				if (parsed >= 0 && parsed <= 1) {
					target = parsed;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			if (target == null) {
				file.problem(targetNode, where + "'conversion-target' must be a share from 0 to 1 (0.8 is 80%), got '"
						+ text(targetNode) + "'");
			}
		}
		return new StageExpectation(stage, Math.max(expected, 0), Math.max(late, 0), target);
	}

	/** A required whole number of days, from 1; -1 when reported. */
	private static int days(MappingNode node, String field, YamlFile file, String where) {
		Node value = value(node, field);
		if (value == null) {
			file.problem(node, where + "'" + field + "' is required");
			return -1;
		}
		try {
			int days = Integer.parseInt(String.valueOf(text(value)).strip());
			if (days >= 1 && days <= MAX_DAYS) {
				return days;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		file.problem(value, where + "'" + field + "' must be a whole number of days from 1 to " + MAX_DAYS + ", got '"
				+ text(value) + "'");
		return -1;
	}

	private static List<SegmentDimension> segments(Node node, YamlFile file, String where) {
		if (node == null) {
			return List.of();
		}
		if (!(node instanceof MappingNode mapping)) {
			file.problem(node, where + "'segments' must map profile attributes to the values counted apart, "
					+ "for example segment: [gold, silver]");
			return List.of();
		}
		if (mapping.getValue().size() > MAX_DIMENSIONS) {
			file.problem(mapping.getValue().get(MAX_DIMENSIONS).getKeyNode(),
					where + "at most " + MAX_DIMENSIONS + " segment dimensions, got " + mapping.getValue().size());
		}
		List<SegmentDimension> dimensions = new ArrayList<>();
		for (NodeTuple tuple : mapping.getValue()) {
			String attribute = text(tuple.getKeyNode());
			if (!(tuple.getValueNode() instanceof SequenceNode values) || values.getValue().isEmpty()) {
				file.problem(tuple.getValueNode(), where + "segment '" + attribute
						+ "' must list the values counted apart, for example [gold, silver]");
				continue;
			}
			if (values.getValue().size() > MAX_VALUES) {
				file.problem(values.getValue().get(MAX_VALUES),
						where + "segment '" + attribute + "' lists " + values.getValue().size() + " values, at most "
								+ MAX_VALUES + " (any other value is counted as '" + SegmentDimension.OTHER + "')");
			}
			List<String> listed = new ArrayList<>();
			for (Node item : values.getValue()) {
				String value = text(item);
				if (value == null || value.isBlank() || value.strip().equals(SegmentDimension.OTHER)
						|| value.contains(SegmentDimension.SEPARATOR)) {
					file.problem(item, where + "segment '" + attribute + "': '" + value + "' cannot be a value (not "
							+ "empty, not '" + SegmentDimension.OTHER + "', no '" + SegmentDimension.SEPARATOR + "')");
				}
				else if (listed.contains(value.strip())) {
					file.problem(item, where + "segment '" + attribute + "': '" + value + "' is listed twice");
				}
				else {
					listed.add(value.strip());
				}
			}
			dimensions.add(new SegmentDimension(attribute, listed));
		}
		return List.copyOf(dimensions);
	}

	/**
	 * The expectations of one journey.
	 *
	 * @param name the journey, as stage change events name it
	 * @param stages the expectations of the stages the file lists
	 * @param segments the dimensions its figures are compared by, at most three
	 */
	public record JourneyDefinition(String name, Map<Stage, StageExpectation> stages, List<SegmentDimension> segments) {

		/**
		 * @param stage a stage
		 * @return its expectation, or null when the file does not list it
		 */
		public StageExpectation stage(Stage stage) {
			return this.stages.get(stage);
		}

		/**
		 * The segment a customer is counted in: the value of each dimension, joined by
		 * {@code |}, each value not listed (or missing) as {@code other}.
		 * @param attribute a customer's profile attribute by name, null when absent
		 * @return for example {@code gold|north}, or empty without dimensions
		 */
		public String segmentOf(Function<String, String> attribute) {
			if (this.segments.isEmpty()) {
				return "";
			}
			StringBuilder key = new StringBuilder();
			for (SegmentDimension dimension : this.segments) {
				if (key.length() > 0) {
					key.append(SegmentDimension.SEPARATOR);
				}
				key.append(dimension.valueOf(attribute.apply(dimension.attribute())));
			}
			return key.toString();
		}

	}

	/**
	 * What is expected of one stage of a journey.
	 *
	 * @param stage the stage
	 * @param expectedDays how long customers should take to leave it
	 * @param lateAfterDays from how many days in it a customer is late (overdue)
	 * @param conversionTarget the share expected to move on to a later stage, or null
	 */
	public record StageExpectation(Stage stage, int expectedDays, int lateAfterDays, Double conversionTarget) {
	}

	/**
	 * A profile attribute a journey's figures are compared by, with the values counted
	 * apart; every other value is counted as {@code other}, which keeps the stored counts
	 * bounded whatever the CRM sends.
	 *
	 * @param attribute the profile attribute
	 * @param values the values counted apart
	 */
	public record SegmentDimension(String attribute, List<String> values) {

		/** What every value not listed is counted as. */
		public static final String OTHER = "other";

		/** Between the values of a segment key. */
		public static final String SEPARATOR = "|";

		/**
		 * @param value a customer's value, or null
		 * @return the value when listed, otherwise {@code other}
		 */
		public String valueOf(String value) {
			return (value != null && this.values.contains(value)) ? value : OTHER;
		}

	}

}
