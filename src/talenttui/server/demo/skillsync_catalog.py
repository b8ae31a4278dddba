"""Words the SkillSync demo is made of: people, places, skill families and companies."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES = (
    "Aisha", "Alex", "Amelia", "Ana", "Arjun", "Ben", "Carlos", "Chen", "Chloe", "Daniel",
    "Diego", "Elena", "Emma", "Fatima", "Gabriel", "Grace", "Hannah", "Hiro", "Isabel", "Ivan",
    "Jack", "Jamal", "Julia", "Kai", "Karan", "Laura", "Leo", "Lucas", "Maya", "Mei",
    "Mohammed", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Sam",
    "Sofia", "Tariq", "Thomas", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zara",
)  # fmt: skip

LAST_NAMES = (
    "Adams", "Ahmed", "Alvarez", "Brown", "Chen", "Costa", "Das", "Davis", "Dubois", "Evans",
    "Fischer", "Garcia", "Gupta", "Hansen", "Ito", "Jensen", "Khan", "Kim", "Kowalski", "Lee",
    "Lopez", "Martin", "Meyer", "Miller", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor",
    "Patel", "Perez", "Petrov", "Reddy", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Smith",
    "Tanaka", "Taylor", "Thompson", "Tran", "Wagner", "Walker", "Wang", "Williams", "Wilson", "Zhang",
)  # fmt: skip

LOCATIONS = (
    "San Francisco, CA", "New York, NY", "Austin, TX", "Seattle, WA", "Boston, MA",
    "Chicago, IL", "Denver, CO", "Toronto, Canada", "Vancouver, Canada", "London, UK",
    "Manchester, UK", "Berlin, Germany", "Munich, Germany", "Amsterdam, Netherlands",
    "Paris, France", "Madrid, Spain", "Lisbon, Portugal", "Stockholm, Sweden",
    "Bangalore, India", "Chennai, India", "Pune, India", "Singapore", "Sydney, Australia",
    "Remote",
)  # fmt: skip

INDUSTRIES = (
    "technology", "healthcare", "finance", "education", "e-commerce",
    "media", "logistics", "energy", "gaming", "security",
)  # fmt: skip


@dataclass(frozen=True)
class Track:
    """A family of jobs: the title people in it give themselves and the skills they draw from."""

    title: str
    core: tuple[str, ...]
    extra: tuple[str, ...]


TRACKS = (
    Track("Frontend Developer", ("React", "JavaScript", "TypeScript"), ("CSS", "Vue.js", "Angular", "Next.js", "GraphQL", "Figma")),
    Track("Full Stack Developer", ("React", "Node.js", "TypeScript"), ("PostgreSQL", "GraphQL", "Docker", "Python", "AWS", "MongoDB")),
    Track("Backend Engineer", ("Python", "PostgreSQL", "Docker"), ("Django", "FastAPI", "Go", "Redis", "Kubernetes", "AWS")),
    Track("Java Developer", ("Java", "Spring Boot", "SQL"), ("Kotlin", "Microservices", "Kafka", "Docker", "AWS", "Hibernate")),
    Track(".NET Developer", (".NET", "C#", "SQL Server"), ("Azure", "ASP.NET", "Angular", "Docker", "Entity Framework", "TypeScript")),
    Track("Data Scientist", ("Python", "Machine Learning", "SQL"), ("PyTorch", "TensorFlow", "Pandas", "Spark", "Statistics", "R")),
    Track("Data Engineer", ("Python", "SQL", "Spark"), ("Airflow", "Kafka", "AWS", "dbt", "Scala", "Snowflake")),
    Track("Mobile Developer", ("Swift", "Kotlin", "React Native"), ("iOS", "Android", "Flutter", "TypeScript", "GraphQL", "Firebase")),
    Track("DevOps Engineer", ("Kubernetes", "Docker", "AWS"), ("Terraform", "Linux", "Go", "Prometheus", "CI/CD", "Python")),
    Track("Security Engineer", ("Security", "Linux", "Python"), ("Go", "AWS", "Kubernetes", "Cryptography", "Networking", "Rust")),
)  # fmt: skip

LEVELS = ("beginner", "intermediate", "advanced", "expert")
ROLE_TYPES = ("full-time", "part-time", "contract", "freelance")
COMPANY_SIZE_WORDS = ("startup", "small", "medium", "large", "enterprise")
HEADCOUNT_FOR_TYPE = {
    "startup": "11-50",
    "small": "51-200",
    "medium": "201-1000",
    "large": "1000+",
    "enterprise": "1000+",
}

COMPANY_NAMES = (
    "Brightwave Labs", "Cloudnine Systems", "Northwind Analytics", "BluePeak Health",
    "Quantum Ledger", "Riverstone Logistics", "Orbital Games", "Greenfield Energy",
    "Sentinel Security", "Lumen Learning", "PixelForge Studios", "Harbor Finance",
    "Nimbus Retail", "Atlas Mobility", "Redwood Robotics", "Silverline Media",
    "Vertex Biotech", "Copperleaf Software", "Evergreen Insurance", "Helios Data",
    "Ironclad Infrastructure", "Juniper Commerce", "Keystone Payments", "Meridian Travel",
    "Polaris AI",
)  # fmt: skip
