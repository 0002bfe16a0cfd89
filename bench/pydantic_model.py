"""A pydantic v2 model of the household checks `fupin validate` makes, for the benchmark.

Types and enums, the ID number's check digit and its birth date and sex against the
member's, non-negative incomes (business may be a loss), the per-capita income against
the components over the members, the village code's shape (12 digits, last three not
zero), known causes, one householder. A reference for speed, not a second implementation
to trust: fupin's own rules are in crates/fupin-core.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
CAUSES = {
    "illness", "disability", "schooling", "disaster", "lack_of_land", "lack_of_water",
    "lack_of_skills", "lack_of_labour", "lack_of_capital", "poor_transport", "lack_of_drive",
    "other", "因病", "因残", "因学", "因灾", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金",
    "交通条件落后", "自身发展动力不足", "其他",
}


def check_id_number(s: str) -> str:
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] in "Xx"):
        raise ValueError("an id number has 17 digits and a check character")
    if CHECK[sum(int(d) * w for d, w in zip(s[:17], WEIGHTS)) % 11] != s[17].upper():
        raise ValueError("wrong check digit")
    dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    return s


def check_village(s: str) -> str:
    if len(s) != 12 or not s.isdigit() or s[9:] == "000":
        raise ValueError("a village code has 12 digits, the last three not all zero")
    return s


def check_cause(s: str) -> str:
    if s.strip() not in CAUSES:
        raise ValueError("unknown cause")
    return s


Cause = Annotated[str, AfterValidator(check_cause)]
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
Strict = ConfigDict(extra="forbid")


class Status(str, Enum):
    poor = "poor"
    exited = "exited"
    returned = "returned"
    newly_poor = "newly_poor"


class StatusChange(BaseModel):
    model_config = Strict
    date: dt.date
    status: Status
    note: Optional[Annotated[str, Field(max_length=500)]] = None


class Income(BaseModel):
    model_config = Strict
    wages: Optional[Annotated[Money, Field(ge=0)]] = None
    business: Optional[Money] = None
    property: Optional[Annotated[Money, Field(ge=0)]] = None
    transfers: Optional[Annotated[Money, Field(ge=0)]] = None


class IncomeYear(BaseModel):
    model_config = Strict
    year: int
    per_capita: Money


class Guarantees(BaseModel):
    model_config = Strict
    food: Optional[bool] = None
    clothing: Optional[bool] = None
    compulsory_education: Optional[bool] = None
    basic_medical: Optional[bool] = None
    safe_housing: Optional[bool] = None
    safe_water: Optional[bool] = None


class Network(BaseModel):
    model_config = Strict
    terminal: Optional[bool] = None
    broadband: Optional[bool] = None
    ecommerce: Optional[bool] = None
    online_training: Optional[bool] = None


class Helper(BaseModel):
    model_config = Strict
    name: Annotated[str, Field(min_length=1, max_length=50)]
    unit: Annotated[str, Field(min_length=1, max_length=100)]
    phone: Optional[Annotated[str, Field(pattern=r"^(\+86)?[0-9 -]{7,20}$")]] = None


class Measure(BaseModel):
    model_config = Strict
    kind: Literal["industry", "employment", "relocation", "education", "health", "housing",
                  "network", "social_security", "finance", "other"]
    project: Optional[Literal["network_coverage", "rural_ecommerce", "network_education",
                              "information_services", "public_welfare"]] = None
    year: Annotated[int, Field(ge=2013, le=2100)]
    description: Annotated[str, Field(max_length=500)] = ""


class Insurance(BaseModel):
    model_config = Strict
    basic_medical: Optional[bool] = None
    serious_illness: Optional[bool] = None
    pension: Optional[bool] = None


class Member(BaseModel):
    model_config = Strict
    id: Optional[str] = None
    name: Annotated[str, Field(min_length=1, max_length=50)]
    relation: Literal["householder", "spouse", "child", "child_in_law", "grandchild", "parent",
                      "grandparent", "sibling", "other"]
    id_number: Optional[Annotated[str, AfterValidator(check_id_number)]] = None
    sex: Literal["male", "female"]
    birth_date: Optional[dt.date] = None
    education: Optional[Literal["illiterate", "preschool", "primary", "junior_secondary",
                                "senior_secondary", "vocational", "college"]] = None
    school: Optional[Literal["preschool", "primary", "junior_secondary", "senior_secondary",
                             "vocational", "higher"]] = None
    health: Optional[Literal["healthy", "chronic_illness", "serious_illness"]] = None
    disability_grade: Optional[Annotated[int, Field(ge=1, le=4)]] = None
    labour: Optional[Literal["skilled", "ordinary", "weak", "lost", "none"]] = None
    migrant_months: Optional[Annotated[int, Field(ge=0, le=12)]] = None
    insurance: Insurance = Insurance()

    @model_validator(mode="after")
    def id_agrees(self) -> "Member":
        if self.id_number:
            s = self.id_number
            born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
            if self.birth_date is not None and self.birth_date != born:
                raise ValueError("the id number gives another birth date")
            if (int(s[16]) % 2 == 1) != (self.sex == "male"):
                raise ValueError("the id number gives the other sex")
        return self


class Household(BaseModel):
    model_config = Strict
    id: Optional[str] = None
    file_number: Annotated[str, Field(min_length=1, max_length=40)]
    village: Annotated[str, AfterValidator(check_village)]
    identified_year: Annotated[int, Field(ge=2013, le=2100)]
    status: Status
    status_history: list[StatusChange] = []
    income_per_capita: Optional[Annotated[Money, Field(ge=0)]] = None
    income: Income = Income()
    income_history: list[IncomeYear] = []
    main_cause: Cause
    other_causes: list[Cause] = []
    guarantees: Guarantees = Guarantees()
    network: Network = Network()
    helper: Optional[Helper] = None
    measures: list[Measure] = []
    members: Annotated[list[Member], Field(min_length=1, max_length=30)]

    @model_validator(mode="after")
    def consistent(self) -> "Household":
        if sum(m.relation == "householder" for m in self.members) != 1:
            raise ValueError("a household has exactly one householder")
        parts = (self.income.wages, self.income.business, self.income.property,
                 self.income.transfers)
        if self.income_per_capita is not None and all(p is not None for p in parts):
            expected = sum(parts) / len(self.members)
            if abs(expected - self.income_per_capita) > 1:
                raise ValueError("per-capita income differs from the components")
        if self.status_history and self.status_history[-1].status != self.status:
            raise ValueError("status differs from the latest history entry")
        return self
