package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.helpdesk.analyzer.gemini.GeminiConfig;
import io.helpdesk.core.model.SkillTaxonomy;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;

/**
 * The {@code analyzer.gemini} block, mapped onto {@link GeminiConfig}; unset fields keep the
 * adapter's defaults. The API key comes from the environment ({@code ${GEMINI_API_KEY}}).
 */
public class GeminiSettings {
  @JsonProperty @NotBlank private String apiKey;
  @JsonProperty private String model;
  @JsonProperty private String apiVersion;
  @JsonProperty private String baseUrl;
  @JsonProperty private Duration callDeadline;
  @JsonProperty private Integer maxOutputTokens;
  @JsonProperty private Double temperature;
  @JsonProperty private Integer maxConcurrentCalls;
  @JsonProperty private Integer requestsPerMinute;

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The adapter's config; its own validation errors are reported against the YAML path.
   *
   * @throws IllegalArgumentException naming the field
   */
  public GeminiConfig toGeminiConfig(SkillTaxonomy taxonomy) {
    try {
      GeminiConfig.Builder builder = GeminiConfig.builder(apiKey).taxonomy(taxonomy);
      Optional.ofNullable(model).ifPresent(builder::model);
      Optional.ofNullable(apiVersion).ifPresent(builder::apiVersion);
      Optional.ofNullable(baseUrl).ifPresent(builder::baseUrl);
      Optional.ofNullable(callDeadline)
          .map(Duration::toJavaDuration)
          .ifPresent(builder::callDeadline);
      Optional.ofNullable(maxOutputTokens).ifPresent(builder::maxOutputTokens);
      Optional.ofNullable(temperature).ifPresent(builder::temperature);
      Optional.ofNullable(maxConcurrentCalls).ifPresent(builder::maxConcurrentCalls);
      Optional.ofNullable(requestsPerMinute).ifPresent(builder::requestsPerMinute);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("analyzer.gemini: " + e.getMessage(), e);
    }
  }
}
