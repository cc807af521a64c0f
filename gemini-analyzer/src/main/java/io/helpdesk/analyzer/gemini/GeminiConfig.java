package io.helpdesk.analyzer.gemini;

import io.helpdesk.core.model.SkillTaxonomy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of a {@link GeminiTicketAnalyzer}. Build it with {@link #builder(String)}; {@link
 * Builder#build()} validates every field and names the offending one. The API key never appears in
 * {@link #toString()}. Nothing here is read from the environment: the host maps its own
 * configuration onto this record.
 *
 * @param apiKey the Gemini API key (required)
 * @param model the model name, for example {@code gemini-3.8-flash}
 * @param apiVersion the API version in the request path ({@code v1beta} carries {@code
 *     responseJsonSchema})
 * @param baseUrl the API's base URL (a proxy, or a fake server in tests)
 * @param callDeadline the hard limit on one {@code analyze} call, waiting for permits included
 * @param maxOutputTokens the model's output budget (thinking tokens count against it)
 * @param temperature sampling temperature, 0 to 2
 * @param maxConcurrentCalls model calls in flight at once, per analyzer
 * @param requestsPerMinute model calls started per minute, per analyzer
 * @param taxonomy the skills the model may choose from
 */
public record GeminiConfig(
    String apiKey,
    String model,
    String apiVersion,
    URI baseUrl,
    Duration callDeadline,
    int maxOutputTokens,
    double temperature,
    int maxConcurrentCalls,
    int requestsPerMinute,
    SkillTaxonomy taxonomy) {

  /**
   * The newest generally available Flash model when this module was written. Model names change
   * every few months: treat this as a starting point and set {@link Builder#model} explicitly.
   */
  public static final String DEFAULT_MODEL = "gemini-3.8-flash";

  /** {@code responseJsonSchema} is part of {@code v1beta}'s GenerationConfig, not of {@code v1}. */
  public static final String DEFAULT_API_VERSION = "v1beta";

  public static final URI DEFAULT_BASE_URL =
      URI.create("https://generativelanguage.googleapis.com");
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(20);
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 2_048;
  public static final double DEFAULT_TEMPERATURE = 0.2;
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 8;
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;

  public GeminiConfig {
    requireText("apiKey", apiKey);
    requireText("model", model);
    if (!model.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw invalid("model", "must be a bare model name such as " + DEFAULT_MODEL);
    }
    requireText("apiVersion", apiVersion);
    if (!apiVersion.matches("v[0-9]+[a-z0-9]*")) {
      throw invalid("apiVersion", "must look like v1 or v1beta, got '" + apiVersion + "'");
    }
    if (baseUrl == null) {
      throw invalid("baseUrl", "is required");
    }
    if (!("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))
        || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw invalid("baseUrl", "must be an absolute http(s) URL without query, got " + baseUrl);
    }
    if (callDeadline == null) {
      throw invalid("callDeadline", "is required");
    }
    if (callDeadline.compareTo(Duration.ofMillis(100)) < 0
        || callDeadline.compareTo(Duration.ofMinutes(5)) > 0) {
      throw invalid("callDeadline", "must be between 100 ms and 5 min, got " + callDeadline);
    }
    if (maxOutputTokens < 64 || maxOutputTokens > 65_536) {
      throw invalid("maxOutputTokens", "must be between 64 and 65536, got " + maxOutputTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw invalid("temperature", "must be between 0 and 2, got " + temperature);
    }
    if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1_000) {
      throw invalid("maxConcurrentCalls", "must be between 1 and 1000, got " + maxConcurrentCalls);
    }
    if (requestsPerMinute < 1 || requestsPerMinute > 100_000) {
      throw invalid("requestsPerMinute", "must be between 1 and 100000, got " + requestsPerMinute);
    }
    if (taxonomy == null || taxonomy.skills().isEmpty()) {
      throw invalid("taxonomy", "must name at least one skill");
    }
  }

  /** A builder with every default set; only the API key is required. */
  public static Builder builder(String apiKey) {
    return new Builder().apiKey(apiKey);
  }

  /** Where requests go: {@code {baseUrl}/{apiVersion}/models/{model}:generateContent}. */
  public String endpointDescription() {
    return baseUrl + "/" + apiVersion + "/models/" + model;
  }

  @Override
  public String toString() {
    return "GeminiConfig[apiKey=***, model="
        + model
        + ", apiVersion="
        + apiVersion
        + ", baseUrl="
        + baseUrl
        + ", callDeadline="
        + callDeadline
        + ", maxOutputTokens="
        + maxOutputTokens
        + ", temperature="
        + temperature
        + ", maxConcurrentCalls="
        + maxConcurrentCalls
        + ", requestsPerMinute="
        + requestsPerMinute
        + ", taxonomy="
        + taxonomy.skills().size()
        + " skills]";
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "is required");
    }
    if (!value.equals(value.strip())) {
      throw invalid(field, "must not have surrounding white space");
    }
  }

  private static IllegalArgumentException invalid(String field, String message) {
    return new IllegalArgumentException("GeminiConfig." + field + " " + message);
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private String apiKey;
    private String model = DEFAULT_MODEL;
    private String apiVersion = DEFAULT_API_VERSION;
    private URI baseUrl = DEFAULT_BASE_URL;
    private Duration callDeadline = DEFAULT_CALL_DEADLINE;
    private int maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
    private double temperature = DEFAULT_TEMPERATURE;
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
    private SkillTaxonomy taxonomy = SkillTaxonomy.defaults();

    private Builder() {}

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /** The base URL; a trailing slash is removed. */
    public Builder baseUrl(String baseUrl) {
      if (baseUrl == null || baseUrl.isBlank()) {
        throw invalid("baseUrl", "is required when set");
      }
      try {
        String trimmed = baseUrl.strip().replaceAll("/+$", "");
        this.baseUrl = new URI(trimmed);
      } catch (URISyntaxException e) {
        throw invalid("baseUrl", "is not a URL: " + e.getMessage());
      }
      return this;
    }

    public Builder baseUrl(Optional<String> baseUrl) {
      baseUrl.ifPresent(this::baseUrl);
      return this;
    }

    public Builder callDeadline(Duration callDeadline) {
      this.callDeadline = callDeadline;
      return this;
    }

    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
      return this;
    }

    public Builder requestsPerMinute(int requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    public Builder taxonomy(SkillTaxonomy taxonomy) {
      this.taxonomy = taxonomy;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid field
     */
    public GeminiConfig build() {
      return new GeminiConfig(
          apiKey,
          model,
          apiVersion,
          baseUrl,
          callDeadline,
          maxOutputTokens,
          temperature,
          maxConcurrentCalls,
          requestsPerMinute,
          taxonomy);
    }
  }
}
