package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Which analyzer reads the tickets: the offline keyword analyzer, or Gemini. */
public class AnalyzerConfig {
  /** The analyzers the server can run. */
  public enum Type {
    KEYWORD,
    GEMINI
  }

  @JsonProperty @NotNull private Type type = Type.KEYWORD;

  @JsonProperty @Valid private GeminiSettings gemini;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public GeminiSettings getGemini() {
    return gemini;
  }

  public void setGemini(GeminiSettings gemini) {
    this.gemini = gemini;
  }

  @ValidationMethod(message = "analyzer.gemini must be set when analyzer.type is GEMINI")
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean isGeminiBlockPresent() {
    return type != Type.GEMINI || gemini != null;
  }
}
