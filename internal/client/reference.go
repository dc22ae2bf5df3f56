package client

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// Reference lists (docs/dev/happyfox-api.md §5, KB360): bare arrays, H. They are
// memoized per Client (see memo.go).

// Category is a ticket category.
type Category struct {
	ID                 int64
	Name               string
	Description        string
	Public             bool
	TimeSpentMandatory bool
	PrepopulateCC      string
}

// Staff is an agent. The active flag is "active", not "is_active" (§5, H).
type Staff struct {
	ID             int64
	Name           string
	Email          string
	Active         bool
	IsAccountAdmin bool
	RoleID         int64
	RoleName       string
	CategoryIDs    []int64
	Permissions    []string // snake_case, e.g. "manage_assets"
}

// Status is a ticket status; Behavior is "pending" or "completed", Color is
// hex without "#" (§5, H).
type Status struct {
	ID       int64
	Name     string
	Color    string
	Order    int64
	Default  bool
	Behavior string
}

func decodeCategory(data []byte) (Category, error) {
	var r struct {
		ID                 ID         `json:"id"`
		Name               flexString `json:"name"`
		Description        flexString `json:"description"`
		Public             flexBool   `json:"public"`
		TimeSpentMandatory flexBool   `json:"time_spent_mandatory"`
		PrepopulateCC      flexString `json:"prepopulate_cc"`
	}
	if err := decodeObject(data, &r); err != nil {
		return Category{}, fmt.Errorf("decoding category: %w", err)
	}
	return Category{ID: int64(r.ID), Name: string(r.Name), Description: string(r.Description),
		Public: bool(r.Public), TimeSpentMandatory: bool(r.TimeSpentMandatory), PrepopulateCC: string(r.PrepopulateCC)}, nil
}

func decodeStaff(data []byte) (Staff, error) {
	var r struct {
		ID             ID              `json:"id"`
		Name           flexString      `json:"name"`
		Email          flexString      `json:"email"`
		Active         flexBool        `json:"active"`
		IsAccountAdmin flexBool        `json:"is_account_admin"`
		Role           ref             `json:"role"`
		Categories     idList          `json:"categories"`
		Permissions    json.RawMessage `json:"permissions"`
	}
	if err := decodeObject(data, &r); err != nil {
		return Staff{}, fmt.Errorf("decoding staff: %w", err)
	}
	s := Staff{ID: int64(r.ID), Name: string(r.Name), Email: string(r.Email), Active: bool(r.Active),
		IsAccountAdmin: bool(r.IsAccountAdmin), RoleID: r.Role.ID, RoleName: r.Role.Name, CategoryIDs: []int64(r.Categories)}
	perms, err := decodePermissions(r.Permissions)
	if err != nil {
		return Staff{}, fmt.Errorf("decoding staff %d permissions: %w", s.ID, err)
	}
	s.Permissions = perms
	return s, nil
}

// decodePermissions reads a list of strings (§5, H) or, tolerantly, an
// object of name → boolean.
func decodePermissions(raw json.RawMessage) ([]string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		var out []string
		for k, v := range obj {
			if b, err := parseBoolJSON(v); err == nil && b {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out, nil
	}
	var l stringList
	if err := l.UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	return []string(l), nil
}

func decodeStatus(data []byte) (Status, error) {
	var r struct {
		ID       ID         `json:"id"`
		Name     flexString `json:"name"`
		Color    flexString `json:"color"`
		Order    ID         `json:"order"`
		Default  flexBool   `json:"default"`
		Behavior flexString `json:"behavior"`
	}
	if err := decodeObject(data, &r); err != nil {
		return Status{}, fmt.Errorf("decoding status: %w", err)
	}
	return Status{ID: int64(r.ID), Name: string(r.Name), Color: string(r.Color), Order: int64(r.Order),
		Default: bool(r.Default), Behavior: string(r.Behavior)}, nil
}

// ListCategories returns GET categories/ (§5), fetched once per Client.
func (c *Client) ListCategories(ctx context.Context) ([]Category, error) {
	return memoized(ctx, &c.memo, memoCategories, func(ctx context.Context) ([]Category, error) {
		return fetchList(ctx, c, "categories/", nil, false, decodeCategory)
	})
}

// ListStaff returns GET staff/ (§5), fetched once per Client.
func (c *Client) ListStaff(ctx context.Context) ([]Staff, error) {
	return memoized(ctx, &c.memo, memoStaff, func(ctx context.Context) ([]Staff, error) {
		return fetchList(ctx, c, "staff/", nil, false, decodeStaff)
	})
}

// ListStatuses returns GET statuses/ (§5), fetched once per Client.
func (c *Client) ListStatuses(ctx context.Context) ([]Status, error) {
	return memoized(ctx, &c.memo, memoStatuses, func(ctx context.Context) ([]Status, error) {
		return fetchList(ctx, c, "statuses/", nil, false, decodeStatus)
	})
}
