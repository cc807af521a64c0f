package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.helpdesk.app.ui.SecurityHeadersFilter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in a real browser (headless Chromium via Selenium) against the real application on H2
 * with the demo data: live updates between two sessions, admin assignment with the preview and
 * member editing, inert untrusted text, the phone layout, the security headers, a small
 * accessibility audit, and screenshots of every role's dashboard under target/screenshots.
 */
class WebUiBrowserTest {
  private static final String RILEY = "riley@example.com";
  private static final String SAM = "sam@example.com";
  private static final String ADMIN = "admin@example.com";
  private static final String LEO = "leo.novak@example.com";

  @TempDir static Path directory;
  static TestServer server;
  static TestServer.SignedIn admin;

  @BeforeAll
  static void start() {
    Browser.requireChromium();
    server =
        TestServer.start(TestServer.config(TestDatabases.h2(directory).url()), Clock.systemUTC());
    admin = server.signIn(ADMIN);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName(
      "a requester files a ticket; the assigned moderator sees it arrive live, starts it, and the"
          + " requester's page changes live")
  void liveBetweenRequesterAndModerator() {
    String title = "Cannot sign in with SSO since this morning";
    String description = "Login with our Google SSO fails with an error page since this morning.";
    String moderatorEmail = emailOf(predictedAssignee(title, description));

    try (Browser requester = Browser.open(server.base(), 1280, 800);
        Browser moderator = Browser.open(server.base(), 1280, 800)) {
      moderator.signInAs(moderatorEmail);
      moderator.waitFor(By.id("ticket-list"));
      moderator.wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
      moderator.markPage();

      requester.signInAs(RILEY);
      requester.waitFor(By.id("new-ticket")).click();
      requester.waitFor(By.id("submit-ticket")).click();
      // the API's validation message, next to the field it names
      requester.waitForText(By.cssSelector("[data-error-for='title']"), "must not be empty");
      assertThat(requester.driver.findElement(By.name("title")).getAttribute("aria-invalid"))
          .isEqualTo("true");

      requester.driver.findElement(By.name("title")).sendKeys(title);
      requester.driver.findElement(By.name("description")).sendKeys(description);
      new Select(requester.driver.findElement(By.name("requestedPriority"))).selectByValue("HIGH");
      requester.driver.findElement(By.id("submit-ticket")).click();
      requester.waitForText(By.id("ticket-title"), title);
      String ticketId = requester.driver.getCurrentUrl().replaceAll(".*#/tickets/", "");
      requester.markPage();

      // the moderator's queue shows the new ticket without a reload, with a toast
      moderator.waitFor(
          By.xpath(
              "//div[@data-ticket-id='" + ticketId + "']//a[normalize-space()='" + title + "']"));
      moderator.waitForText(By.cssSelector("[data-toast]"), "New ticket assigned to you");
      moderator.waitFor(By.cssSelector("[data-toast] a")).getAttribute("href").endsWith(ticketId);
      moderator
          .driver
          .findElement(By.cssSelector("[data-toast] button[aria-label='Dismiss']"))
          .click();
      assertThat(moderator.stillSamePage()).as("moderator page not reloaded").isTrue();

      // the requester's page filled in the analysis and the assignee live
      requester.waitForText(By.id("analysis-skills"), "authentication");
      requester.wait.until(
          ExpectedConditions.not(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("ticket-assignee"), "Not yet")));

      moderator
          .driver
          .findElement(By.cssSelector("[data-ticket-id='" + ticketId + "'] a.ticket-title"))
          .click();
      moderator.waitFor(By.id("why-assigned"));
      assertThat(moderator.driver.findElement(By.id("why-assigned")).getText())
          .contains("Why was this assigned to me?");
      List<String> offered =
          moderator
              .driver
              .findElements(By.cssSelector("#status-actions [data-transition]"))
              .stream()
              .map(button -> button.getAttribute("data-transition"))
              .toList();
      assertThat(offered).containsExactlyInAnyOrder("IN_PROGRESS", "COMPLETED");
      moderator.driver.findElement(By.cssSelector("[data-transition='IN_PROGRESS']")).click();
      moderator.waitFor(By.cssSelector("#status-actions [data-transition='TODO']"));

      requester.waitFor(By.cssSelector(".ticket-head [data-status='IN_PROGRESS']"));
      assertThat(requester.stillSamePage()).as("requester page not reloaded").isTrue();
      assertThat(requester.driver.findElements(By.id("status-actions")))
          .as("a requester gets no status buttons")
          .isEmpty();

      // a public reply from the moderator reaches the requester's conversation live
      moderator.driver.findElement(By.name("body")).sendKeys("Looking into it now.");
      moderator.driver.findElement(By.id("send-reply")).click();
      requester.waitForText(By.id("conversation"), "Looking into it now.");
      assertThat(requester.stillSamePage()).isTrue();
      assertThat(requester.consoleErrors()).isEmpty();
      assertThat(moderator.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "an admin previews the engine's choice, reassigns by hand, and edits a member's skills")
  void adminReassignsAndEditsSkills() {
    String ticketId =
        fileAndAwaitAssignment(
            SAM,
            "Checkout page shows the wrong currency",
            "Our billing page charges customers in USD instead of EUR since the update.");
    String leoId = memberId(LEO);

    try (Browser browser = Browser.open(server.base(), 1280, 900)) {
      browser.signInAs(ADMIN);
      browser.show("#/tickets/" + ticketId);
      browser.waitFor(By.id("preview-assignment")).click();
      WebElement outcome = browser.waitFor(By.id("preview-outcome"));
      assertThat(outcome.getText()).containsAnyOf("The engine would pick", "no candidate");
      assertThat(browser.driver.findElements(By.cssSelector("#assignment-preview tbody tr")))
          .isNotEmpty();

      new Select(browser.driver.findElement(By.id("assignee-select"))).selectByValue(leoId);
      browser.driver.findElement(By.id("assign-button")).click();
      browser.waitForText(By.id("ticket-assignee"), "Leo Novak");
      assertThat(ticket(ticketId).at("/ticket/assignment/assigneeId").asText()).isEqualTo(leoId);
      assertThat(ticket(ticketId).at("/ticket/assignment/source").asText()).isEqualTo("ADMIN");

      browser.driver.findElement(By.cssSelector("a[data-nav='#/members']")).click();
      By leoRow = By.cssSelector("[data-email='" + LEO + "']");
      browser.waitFor(leoRow).findElement(By.cssSelector("button[aria-expanded]")).click();
      WebElement skills =
          browser.waitFor(By.cssSelector("[data-email='" + LEO + "'] input[name='skills']"));
      skills.clear();
      skills.sendKeys("react, ci-cd, quantum-physics");
      browser
          .driver
          .findElement(By.cssSelector("[data-email='" + LEO + "'] button[type='submit']"))
          .click();
      // the API refuses the unknown skill; the message sits next to the skills field
      browser.waitFor(By.cssSelector("[data-email='" + LEO + "'] [data-error-for='skills']"));
      assertThat(
              browser
                  .driver
                  .findElement(
                      By.cssSelector("[data-email='" + LEO + "'] [data-error-for='skills']"))
                  .getText())
          .contains("quantum-physics");

      skills.clear();
      skills.sendKeys("react, ci-cd, search");
      browser
          .driver
          .findElement(By.cssSelector("[data-email='" + LEO + "'] button[type='submit']"))
          .click();
      browser.waitForText(By.cssSelector("[data-email='" + LEO + "'] .member-skills"), "search");
      JsonNode leo = member(LEO);
      assertThat(leo.get("skills").toString()).contains("search").doesNotContain("security");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("script and HTML in a ticket and a comment are shown as inert text")
  void injectionIsInertText() {
    String title = "<img src=x onerror=\"window.__pwned=1;alert(1)\"><script>alert(2)</script>";
    String description =
        "<b>bold?</b><iframe src=\"javascript:alert(3)\"></iframe>\n<a href=\"javascript:alert(4)\">click</a>";
    TestServer.SignedIn riley = server.signIn(RILEY);
    String ticketId =
        server
            .call("POST", "/api/v1/tickets")
            .as(riley.identity())
            .json(
                TestServer.JSON
                    .createObjectNode()
                    .put("title", title)
                    .put("description", description)
                    .toString())
            .send()
            .json()
            .get("id")
            .asText();

    try (Browser browser = Browser.open(server.base(), 1280, 800)) {
      browser.signInAs(RILEY);
      WebElement row =
          browser.waitFor(By.cssSelector("[data-ticket-id='" + ticketId + "'] a.ticket-title"));
      assertThat(row.getText()).isEqualTo(title);
      row.click();
      browser.waitForText(By.id("ticket-title"), "<script>");
      assertThat(browser.driver.findElement(By.id("ticket-title")).getText()).isEqualTo(title);
      assertThat(browser.driver.findElement(By.id("ticket-description")).getText())
          .contains("<b>bold?</b><iframe src=\"javascript:alert(3)\"></iframe>");
      String comment = "<svg onload=alert(5)></svg><img src=x onerror=alert(6)>";
      browser.driver.findElement(By.name("body")).sendKeys(comment);
      browser.driver.findElement(By.id("send-reply")).click();
      browser.waitForText(By.id("conversation"), comment);

      // nothing became markup: no element children where text belongs, no handler ran
      assertThat(
              browser.script(
                  "return ['#ticket-title', '#ticket-description', '#conversation .comment-body']"
                      + ".map(s => document.querySelector(s).children.length)"))
          .isEqualTo(List.of(0L, 0L, 0L));
      assertThat(
              browser.script(
                  "return document.querySelectorAll('main img, main iframe, main script, main svg').length"))
          .isEqualTo(0L);
      assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
      assertThatThrownBy(() -> browser.driver.switchTo().alert())
          .isInstanceOf(NoAlertPresentException.class);
      browser.screenshot("injection-inert-text");
    }
  }

  @Test
  @DisplayName("the phone layout (375x812): no horizontal scroll, the menu reaches every screen")
  void phoneLayout() {
    for (String email : List.of(RILEY, emailOf(anyAssignedModerator()), ADMIN)) {
      try (Browser phone = Browser.open(server.base(), 375, 812)) {
        phone.signInAs(email);
        phone.waitFor(By.id("ticket-list"));
        assertNoHorizontalScroll(phone);
        String role = role(email);
        phone.screenshot("phone-" + role + "-dashboard");

        WebElement menu = phone.waitFor(By.id("menu-button"));
        assertThat(phone.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
        menu.click();
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
        List<WebElement> links = phone.driver.findElements(By.cssSelector("#nav a"));
        assertThat(links).allMatch(WebElement::isDisplayed);
        WebElement last = links.get(links.size() - 1);
        String target = last.getAttribute("data-nav");
        last.click();
        phone.wait.until(ExpectedConditions.attributeToBe(last, "aria-current", "page"));
        phone.waitUntilReady();
        assertThat(phone.driver.getCurrentUrl()).endsWith(target);
        assertNoHorizontalScroll(phone);
        if (role.equals("admin")) {
          phone.show("#/analytics");
          phone.waitFor(By.cssSelector("#analytics .kpi"));
          assertNoHorizontalScroll(phone);
          phone.screenshot("phone-admin-analytics");
        }
        if (role.equals("requester")) {
          phone.show("#/new");
          phone.waitFor(By.id("new-ticket-form"));
          assertNoHorizontalScroll(phone);
          phone.screenshot("phone-requester-new-ticket");
        }
        assertThat(phone.consoleErrors()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "every role's dashboard (desktop): screenshots, no console errors, contrast and labels pass"
          + " the audit, in the dark and the light theme")
  void dashboardsOnDesktop() {
    fileAndAwaitAssignment(
        RILEY,
        "Exported CSV is missing the last column",
        "The data export drops the last column of the report.");
    try (Browser browser = Browser.open(server.base(), 1440, 900)) {
      browser.go("/");
      browser.waitFor(By.cssSelector("button.member-button"));
      assertThat(browser.driver.findElements(By.id("oidc-sign-in"))).isEmpty();
      // keyboard: the first Tab reaches the skip link, whose focus ring is visible
      new Actions(browser.driver).sendKeys(Keys.TAB).perform();
      WebElement focused = browser.driver.switchTo().activeElement();
      assertThat(focused.getAttribute("id")).isEqualTo("skip-link");
      assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
      assertThat(focused.getRect().getY())
          .as("the skip link shows when focused")
          .isGreaterThanOrEqualTo(0);
      assertAudit(browser, "sign-in");
      browser.screenshot("desktop-sign-in");

      List<Map.Entry<String, List<String>>> screens =
          List.of(
              Map.entry(RILEY, List.of("#/", "#/new", "#/mailbox")),
              Map.entry(emailOf(anyAssignedModerator()), List.of("#/")),
              Map.entry(ADMIN, List.of("#/", "#/queues", "#/members", "#/analytics")));
      for (var entry : screens) {
        browser.driver.manage().deleteAllCookies();
        browser.signInAs(entry.getKey());
        String role = role(entry.getKey());
        for (String hash : entry.getValue()) {
          browser.show(hash);
          String name =
              "desktop-" + role + "-" + (hash.equals("#/") ? "dashboard" : hash.substring(2));
          assertAudit(browser, name);
          browser.screenshot(name);
        }
      }
      // a ticket page, as the admin, then the light theme
      browser.show("#/");
      browser.waitFor(By.cssSelector(".ticket-row a.ticket-title")).click();
      browser.waitUntilReady();
      browser.waitFor(By.id("assign-panel"));
      browser.waitFor(By.id("preview-assignment")).click();
      browser.waitFor(By.id("preview-outcome"));
      assertAudit(browser, "ticket");
      browser.screenshot("desktop-admin-ticket");
      WebElement theme = browser.driver.findElement(By.id("theme-toggle"));
      assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("dark");
      theme.click();
      assertThat(browser.script("return document.documentElement.dataset.theme"))
          .isEqualTo("light");
      assertAudit(browser, "ticket-light");
      browser.screenshot("desktop-admin-ticket-light");
      browser.show("#/");
      browser.waitFor(By.id("ticket-list"));
      assertThat(browser.script("return document.documentElement.dataset.theme"))
          .as("the choice is remembered")
          .isEqualTo("light");
      assertAudit(browser, "dashboard-light");
      browser.screenshot("desktop-admin-dashboard-light");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("the page and its assets carry a strict CSP, nosniff and a referrer policy")
  void securityHeaders() {
    TestServer.Reply page = server.call("GET", "/").send();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String csp = page.header("Content-Security-Policy").orElseThrow();
    assertThat(csp).isEqualTo(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
    assertThat(csp)
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.header("Referrer-Policy")).contains("same-origin");
    assertThat(page.raw().body()).doesNotContain("<script>").doesNotContain("style=");

    TestServer.Reply script = server.call("GET", "/assets/js/main.js").send();
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
    assertThat(script.header("X-Content-Type-Options")).contains("nosniff");
    TestServer.Reply api = server.call("GET", "/api/v1/me").send();
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.header("Content-Security-Policy")).isPresent();
  }

  // ---------------------------------------------------------------- helpers

  private static void assertNoHorizontalScroll(Browser browser) {
    Object overflow =
        browser.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(((Number) overflow).longValue())
        .as("horizontal overflow in px")
        .isLessThanOrEqualTo(0);
  }

  private static void assertAudit(Browser browser, String screen) {
    assertThat(browser.audit()).as("accessibility findings on " + screen).isEmpty();
  }

  private static String role(String email) {
    if (email.equals(ADMIN)) {
      return "admin";
    }
    return email.equals(RILEY) || email.equals(SAM) ? "requester" : "moderator";
  }

  /** Who the engine would assign such a ticket to now (the admin's draft preview). */
  private static String predictedAssignee(String title, String description) {
    JsonNode preview =
        server
            .call("POST", "/api/v1/tickets/assignment-preview")
            .as(admin.identity())
            .json(
                TestServer.JSON
                    .createObjectNode()
                    .put("title", title)
                    .put("description", description)
                    .toString())
            .send()
            .json();
    assertThat(preview.get("outcome").asText()).isEqualTo("ASSIGN");
    return preview.get("assigneeId").asText();
  }

  private static String anyAssignedModerator() {
    JsonNode tickets =
        server.call("GET", "/api/v1/tickets?limit=50").as(admin.identity()).send().json();
    for (JsonNode ticket : tickets.get("items")) {
      if (!ticket.get("assignment").isNull()) {
        return ticket.at("/assignment/assigneeId").asText();
      }
    }
    throw new AssertionError("no assigned ticket in the demo data");
  }

  private static JsonNode members() {
    return server.call("GET", "/api/v1/members").as(admin.identity()).send().json();
  }

  private static JsonNode member(String email) {
    for (JsonNode member : members()) {
      if (member.get("email").asText().equals(email)) {
        return member;
      }
    }
    throw new AssertionError("no member " + email);
  }

  private static String memberId(String email) {
    return member(email).get("id").asText();
  }

  private static String emailOf(String memberId) {
    for (JsonNode member : members()) {
      if (member.get("id").asText().equals(memberId)) {
        return member.get("email").asText();
      }
    }
    throw new AssertionError("no member " + memberId);
  }

  private static JsonNode ticket(String id) {
    return server.call("GET", "/api/v1/tickets/" + id).as(admin.identity()).send().json();
  }

  private static String fileAndAwaitAssignment(String email, String title, String description) {
    TestServer.SignedIn requester = server.signIn(email);
    String id =
        server
            .call("POST", "/api/v1/tickets")
            .as(requester.identity())
            .json(
                TestServer.JSON
                    .createObjectNode()
                    .put("title", title)
                    .put("description", description)
                    .toString())
            .send()
            .json()
            .get("id")
            .asText();
    TestServer.eventually(
        Duration.ofSeconds(20),
        () -> {
          JsonNode ticket = ticket(id).get("ticket");
          return ticket.get("assignment").isNull() && !ticket.get("needsTriage").asBoolean()
              ? Optional.empty()
              : Optional.of(ticket);
        });
    return id;
  }
}
