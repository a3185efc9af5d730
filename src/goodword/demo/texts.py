"""Text templates for synthetic messages, recommendations and the sample job.

Templates use ``str.format`` fields: ``{name}`` is the addressee's first name,
``{owner}`` the owner's first name, ``{org}`` an organisation, ``{topic}`` a
work topic, ``{years}`` a spelt-out duration. Message content never contains a
newline, because real 2023-2024 exports flatten paragraphs to spaces.
"""

from __future__ import annotations

from typing import Final

from goodword.demo.truth import JobPosting, Role

OPENERS: Final[tuple[str, ...]] = (
    "Hi {name}, do you have a few minutes to look at {topic}? I'd value your take.",
    "Hey {name}! Quick one: where did we land on {topic}?",
    "Hi {name}, hope you're well. I'm putting together notes on {topic}, could we catch up?",
    'Morning {name}, I shared the "v2" draft of {topic}. Comments welcome, no rush.',
    "Hi {name}, long time! Coffee next week? I'd love to hear what you're working on.",
    "Hi {name}, thanks again for the help with {topic}.  It made a real difference.",
)

REPLIES: Final[tuple[str, ...]] = (
    "Sure, happy to. Does Thursday work?",
    "Thanks {name}! Just had a look, the numbers check out.",
    "Sorry for the slow reply, it's been a week. Yes, let's do it.",
    "Great to hear from you, {name}. Sending details shortly.",
    "Looks good to me. One small comment on the second chart, otherwise ship it.",
    "Yes! Let me check my calendar and get back to you.",
    "Makes sense. I'll loop in the team.",
    "Ha, I was just thinking about that. Let's talk tomorrow.",
)

AFTERTHOUGHTS: Final[tuple[str, ...]] = (
    "Also, I'll send the doc later today.",
    "One more thing: can you bring last month's numbers?",
    "👍",
)
"""A second message sent right after the first one."""

NUDGES: Final[tuple[str, ...]] = (
    "Hi {name}, just bumping this in case it got buried.",
    "Following up on my note above, no pressure.",
    "Hi {name}, any thoughts on this?",
)

RECRUITER_OPENERS: Final[tuple[str, ...]] = (
    "Hi {name}, I came across your profile and think you'd be a great fit for a Senior Data "
    "Scientist role at {org}. Open to a quick chat?",
    "Hello {name}, I'm hiring for a Head of Analytics position with a fast-growing client. "
    "Fully remote, competitive package. Interested?",
    "Hi {name}, your background in experimentation stood out. Would you be open to hearing "
    "about an opportunity at {org}?",
)

RECRUITER_SUBJECTS: Final[tuple[str, ...]] = (
    "Opportunity at {org}",
    "Data leadership role",
    "Quick question",
)

OWNER_TO_RECRUITER: Final[tuple[str, ...]] = (
    "Thanks for reaching out, {name}. I'm not looking right now, but let's stay in touch.",
    "Hi {name}, thanks! Could you share the salary range and team size?",
)

GROUP_TITLES: Final[tuple[str, ...]] = (
    "Data team offsite",
    "Q3 launch crew",
    "Farewell lunch",
    "Forecasting working group",
)

GROUP_LINES: Final[tuple[str, ...]] = (
    "Who's in for Friday?",
    "Count me in!",
    "I can book the room, 2pm?",
    "Sorry, I'm out that day. Have fun!",
    "Slides are in the shared folder.",
    "Congrats everyone, great launch 🎉",
    "Can someone resend the link?",
)

SPONSORED_HTML: Final[tuple[str, ...]] = (
    '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p>'
    '<p class="spinmail-quill-editor__spin-break">Scale your analytics with {org}. '
    "Start a free trial today.</p>",
    '<p class="spinmail-quill-editor__spin-break">Hi {name},</p>'
    '<p class="spinmail-quill-editor__spin-break"><br></p>'
    '<p class="spinmail-quill-editor__spin-break">Join {org}&rsquo;s executive programme in '
    'data leadership. <a href="https://example.com/apply">Apply now</a>.</p>',
)

SPAM_LINES: Final[tuple[str, ...]] = (
    "Hello dear, I have a very profitable crypto opportunity for you. Reply for details.",
    "Congratulations! You have been selected for an exclusive investment group.",
)

MEMBER_LINES: Final[tuple[str, ...]] = (
    "Hi, are you still working on analytics projects? We should connect.",
    "Thanks for accepting my invitation!",
)

INVITATION_NOTES: Final[tuple[str, ...]] = (
    "Hi {name}, great meeting you at the meetup yesterday. Let's stay in touch!",
    "Hi {name}, I'd like to add you to my professional network.",
    "Hello {name}, I'm a recruiter working on data roles and would love to connect.",
)

COACH_LINES: Final[tuple[tuple[bool, str], ...]] = (
    (True, "How should I prepare for a data science manager interview?"),
    (False, "Great question! Start by listing three projects where you led people..."),
    (True, "Who should I ask for references?"),
    (False, "Pick people who know your recent work well and answer messages reliably."),
)
"""(written by the owner, text) lines of the AI-coach chat (coach_messages.csv)."""

RECOMMENDATIONS: Final[dict[Role, tuple[str, ...]]] = {
    "manager": (
        "I managed {owner} for {years} at {org}. {owner} turned vague questions into "
        "clear analyses, owned {topic} end to end and was the person the team relied on "
        "when deadlines got tight. I would hire {owner} again without hesitation.",
        "{owner} reported to me at {org}. In {years} I watched {owner} grow from a strong "
        "individual contributor into someone who raised the bar for the whole team.",
    ),
    "peer": (
        "I worked alongside {owner} on the data team at {org} for {years}. {owner} is "
        "generous with time, rigorous with numbers and great at explaining results to "
        "non-technical people.",
        "{owner} and I were peers at {org}. Whenever {topic} got messy, {owner} was the "
        "one who untangled it, calmly and with good humour.",
    ),
    "report": (
        "{owner} was my manager at {org} and the best one I have had. {owner} gave clear "
        "direction, honest feedback and real room to grow.",
    ),
    "client": (
        "As {owner}'s client at {org}, I relied on {owner} for {topic}. The work was "
        "delivered on time, well documented and changed how we make decisions.",
    ),
    "professor": (
        "{owner} was a student in my course on statistical modelling at {org} and stood "
        "out for curiosity and careful work. The final project was among the best I have "
        "supervised.",
    ),
    "mentor": (
        "I have mentored {owner} for {years}. {owner} listens, acts on feedback and is "
        "one of the most thoughtful analysts I know.",
    ),
}

GIVEN_RECOMMENDATIONS: Final[dict[Role, tuple[str, ...]]] = {
    "report": (
        "I managed {name} for {years} at {org}. {name} is dependable, curious and makes "
        "everyone around them better.",
    ),
    "peer": ("{name} and I worked together at {org}; {name}'s work on {topic} was outstanding.",),
}
"""Recommendations the owner wrote, by the recipient's role."""

SAMPLE_JOB: Final[JobPosting] = JobPosting(
    title="Senior Manager, Data Science (Clinical Analytics)",
    organization="Fabrikam Health",
    description=(
        "Fabrikam Health is looking for a Senior Manager of Data Science to lead a team of "
        "six data scientists and analysts working on clinical operations. You will own the "
        "roadmap for forecasting, experimentation and decision-support products used by "
        "hospital partners, and you will report to the VP of Data & Analytics.\n\n"
        "What you will do: hire, coach and grow a team of data scientists; set standards "
        "for A/B testing, causal inference and model monitoring; partner with product, "
        "engineering and clinical leaders to turn ambiguous questions into measurable "
        "outcomes; present findings to executives in plain language.\n\n"
        "What we are looking for: 8+ years in analytics or data science, including 2+ "
        "years managing people; fluency in Python and SQL; hands-on experience with "
        "forecasting, experimentation and dbt or a similar transformation layer; a record "
        "of stakeholder management across functions. Experience with healthcare or other "
        "regulated data is a plus.\n\n"
        "References: finalists will be asked for three professional references, at least "
        "one of whom supervised them directly."
    ),
    needs="3 references, 1 supervisor",
)
"""A realistic posting at an organisation that never employed the demo owner."""
