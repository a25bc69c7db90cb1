// Types of the JSON the Rota API speaks (/api/v1). They mirror the Go DTOs in
// api/; keep the field names in snake_case as they are on the wire.

export type Discipline = "dev" | "ops";

export interface User {
  id: string;
  email: string;
  name: string;
  discipline: Discipline;
  time_zone: string;
  is_admin: boolean;
  phone?: string;
  /** created_at is an RFC 3339 instant in UTC. */
  created_at?: string;
}

/** ErrorBody is the one error shape every /api/v1 endpoint answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
  };
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserResponse {
  user: User;
}
