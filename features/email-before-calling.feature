@dont @email-before-calling
Feature: Don't dive straight in with the cold call
  Where ever possible, start your conversation with an email.
  Using both the phone and email strongly increases the likelihood you will make a connection.

  Email first, then phone, then both: the first touch of a round is an email; a few business
  days after an unanswered email, a call at 10:00 where the candidate lives; then follow-up
  emails, up to a limit of unanswered touches.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00

  Scenario: The first touch is an email, not a call
    Then the next step is to send Ada a first networking email on Monday 2 March 2026 at 10:00
    And the reason given is "Don't dive straight in with the cold call"

  Scenario Outline: An unanswered email is followed by a call at 10:00, skipping weekends and holidays
    Given the team waits <wait> business days after an unanswered email before calling
    And Sam emailed Ada on <emailed>
    Then the next step is to call Ada on <call>

    Examples:
      | wait        | emailed                        | call                           |
      | the usual 3 | Monday 2 March 2026 at 11:00   | Thursday 5 March 2026 at 10:00 |
      | the usual 3 | Thursday 5 March 2026 at 16:00 | Tuesday 10 March 2026 at 10:00 |
      | 1           | Friday 6 March 2026 at 16:00   | Monday 9 March 2026 at 10:00   |
      | the usual 3 | Thursday 21 May 2026 at 11:00  | Wednesday 27 May 2026 at 10:00 |

  Scenario Outline: The agenda holds what is due, not what is to come
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    When it is <now>
    Then <agenda>

    Examples:
      | now                            | agenda               |
      | Thursday 5 March 2026 at 09:59 | the agenda is empty  |
      | Thursday 5 March 2026 at 10:00 | the agenda lists Ada |

  Scenario Outline: The call is at 10:00 where the candidate lives
    Given Grace Hopper, who lives in <city>, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Grace on Monday 2 March 2026 at 10:00
    And Sam emailed Grace on <emailed>
    Then the next step is to call Grace on <call>

    Examples:
      | city     | emailed                        | call                                         |
      | New York | Thursday 5 March 2026 at 16:00 | Tuesday 10 March 2026 at 10:00 New York time |
      | Tokyo    | Thursday 5 March 2026 at 16:00 | Wednesday 11 March 2026 at 10:00 Tokyo time  |
      | Paris    | Thursday 5 March 2026 at 23:30 | Wednesday 11 March 2026 at 10:00 Paris time  |

  Scenario Outline: After the call, follow-up emails keep the time of day of the last touch
    Given the team follows up <days> business days after the last unanswered touch
    And Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    Then the next step is to send Ada a follow-up email on <follow up>

    Examples:
      | days        | follow up                       |
      | the usual 5 | Thursday 12 March 2026 at 10:00 |
      | 2           | Monday 9 March 2026 at 10:00    |

  Scenario Outline: Three unanswered touches: one more follow-up, unless the team stops at three
    Given the team stops after <most> unanswered touches
    And Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    And Sam sent Ada a follow-up email on Thursday 12 March 2026 at 10:00
    Then the next step is to <next step> on <due>

    Examples:
      | most        | next step                  | due                               |
      | the usual 4 | send Ada a follow-up email | Thursday 19 March 2026 at 10:00   |
      | 3           | keep in touch with Ada     | Tuesday 8 September 2026 at 10:00 |

  Scenario Outline: After too many unanswered touches, stop chasing and keep in touch instead
    Given the team stops after <most> unanswered touches
    And Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    And Sam sent Ada a follow-up email on Thursday 12 March 2026 at 10:00
    And Sam sent Ada a follow-up email on Thursday 19 March 2026 at 10:00
    Then the next step is to <next step> on <due>

    Examples:
      | most        | next step                  | due                                |
      | the usual 4 | keep in touch with Ada     | Tuesday 15 September 2026 at 10:00 |
      | 5           | send Ada a follow-up email | Thursday 26 March 2026 at 10:00    |

  Scenario: A reply ends the chasing
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Ada replied on Tuesday 3 March 2026 at 08:30
    Then the next step is to ask Ada what would make a move worthwhile on Tuesday 3 March 2026 at 08:30

  Scenario: A cold call is reported, and warned of at once
    When Sam talked with Ada on the phone on Tuesday 3 March 2026 at 10:00
    Then Sam is warned at once of a cold call
    And the coaching report shows a cold call by Sam with Ada on Tuesday 3 March 2026

  Scenario: A call after an email is no cold call
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    When Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    Then Sam is not warned
    And the coaching report does not show a cold call

  Scenario: The team's own holidays are not business days
    Given the team takes the holidays of France off
    And Sam emailed Ada on Thursday 2 April 2026 at 11:00
    Then the next step is to call Ada on Wednesday 8 April 2026 at 10:00

  Scenario: A call recorded by mistake and withdrawn was never a cold call
    Given Sam called Ada without an answer on Monday 2 March 2026 at 09:30
    And Sam withdrew the call of Monday 2 March 2026 at 09:30 with Ada, recorded by mistake, on Monday 2 March 2026 at 12:00
    Then the coaching report shows nothing for Ada
    And the next step is to send Ada a first networking email on Monday 2 March 2026 at 10:00

  Scenario: An out-of-office reply found in the mailbox is not an answer: the call still follows the email
    Given Ada's email address is ada@example.org
    And Sam's sent mail holds an email to Ada about "Your talk on compilers" on Monday 2 March 2026 at 11:00
    And Ada's automatic out-of-office reply arrived in Sam's inbox on Monday 2 March 2026 at 11:01
    When Sam brings in her mail
    Then the next step is to call Ada on Thursday 5 March 2026 at 10:00

  Scenario: A call logged by mistake is undone, and the history still shows it
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Sam called Ada without an answer on Tuesday 3 March 2026 at 09:30
    When Sam undoes the last thing recorded about Ada because it was Grace he called, on Tuesday 3 March 2026 at 12:00
    Then the next step is to call Ada on Thursday 5 March 2026 at 10:00
    And Ada's history still shows the call of Tuesday 3 March 2026 at 09:30, withdrawn by Sam because it was Grace he called

  Scenario Outline: Business days skip the public holidays where the candidate lives
    Given Grace Hopper, who lives in <city>, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Grace on Monday 2 March 2026 at 10:00
    And Sam emailed Grace on <emailed>
    Then the next step is to call Grace on <call>

    Examples:
      | city     | emailed                                      | call                                         |
      | London   | Tuesday 16 June 2026 at 11:00 London time    | Friday 19 June 2026 at 10:00 London time     |
      | New York | Tuesday 16 June 2026 at 11:00 New York time  | Monday 22 June 2026 at 10:00 New York time   |
      | Mumbai   | Tuesday 16 June 2026 at 11:00 Mumbai time    | Friday 19 June 2026 at 10:00 Mumbai time     |
      | London   | Thursday 30 April 2026 at 11:00 London time  | Wednesday 6 May 2026 at 10:00 London time    |
      | New York | Thursday 30 April 2026 at 11:00 New York time | Tuesday 5 May 2026 at 10:00 New York time   |
      | Mumbai   | Thursday 30 April 2026 at 11:00 Mumbai time  | Wednesday 6 May 2026 at 10:00 Mumbai time    |
      | London   | Thursday 21 May 2026 at 11:00 London time    | Wednesday 27 May 2026 at 10:00 London time   |
      | Mumbai   | Thursday 21 May 2026 at 11:00 Mumbai time    | Tuesday 26 May 2026 at 10:00 Mumbai time     |

  Scenario: A team that takes one country's holidays off counts them for everyone
    Given the team takes the holidays of the United States off
    And Sam emailed Ada on Tuesday 16 June 2026 at 11:00
    Then the next step is to call Ada on Monday 22 June 2026 at 10:00

  Scenario: A call at the time the candidate agreed is no cold call, email or not
    Given Sam met Ada at PyCon on Tuesday 3 March 2026 at 10:00
    And Ada was busy on Tuesday 3 March 2026 at 10:05 and agreed to a call on Friday 6 March 2026 at 15:00
    Then the next step is to call Ada back on Friday 6 March 2026 at 15:00
    When Sam talked with Ada on the phone on Friday 6 March 2026 at 15:20
    Then Sam is not warned
    And the coaching report does not show a cold call

  Scenario: Chasing: a fifth touch while four are unanswered
    Given Sam emailed Ada on Monday 2 March 2026 at 11:00
    And Sam called Ada without an answer on Thursday 5 March 2026 at 10:00
    And Sam sent Ada a follow-up email on Thursday 12 March 2026 at 10:00
    And Sam sent Ada a follow-up email on Thursday 19 March 2026 at 10:00
    Then the next step is to keep in touch with Ada on Tuesday 15 September 2026 at 10:00
    When Sam sent Ada a follow-up email on Thursday 26 March 2026 at 10:00
    Then Sam is warned at once of chasing
    And the coaching report shows chasing by Sam with Ada on Thursday 26 March 2026 at 10:00
